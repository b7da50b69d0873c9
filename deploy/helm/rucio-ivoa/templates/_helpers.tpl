{{/* The release's resource name: the release name, with the chart's name unless it already contains it. */}}
{{- define "rucio-ivoa.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "rucio-ivoa.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "rucio-ivoa.labels" -}}
{{ include "rucio-ivoa.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Secret holding the database URL and credentials. */}}
{{- define "rucio-ivoa.databaseSecret" -}}
{{- .Values.database.existingSecret | default (printf "%s-db" (include "rucio-ivoa.fullname" .)) -}}
{{- end -}}

{{/* The environment variables of the database connection, from the Secret named in the argument's "secret". */}}
{{- define "rucio-ivoa.databaseEnv" -}}
- name: RUCIO_IVOA_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .keys.url }}
- name: RUCIO_IVOA_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .keys.user }}
- name: RUCIO_IVOA_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .keys.password }}
{{- end -}}
