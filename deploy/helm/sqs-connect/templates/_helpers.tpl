{{/* The chart's name, cut to the 63 characters a label value allows. */}}
{{- define "sqs-connect.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's object name prefix. */}}
{{- define "sqs-connect.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sqs-connect.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sqs-connect.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sqs-connect.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "sqs-connect.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: connect-worker
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sqs-connect.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sqs-connect.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sqs-connect.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Secret holding AWS keys when aws.credentials=secret. */}}
{{- define "sqs-connect.awsSecretName" -}}
{{- default (printf "%s-aws" (include "sqs-connect.fullname" .)) .Values.aws.existingSecret }}
{{- end }}

{{/* The REST URL of the cluster, for the connector Job. */}}
{{- define "sqs-connect.restUrl" -}}
{{- printf "http://%s.%s.svc:%d" (include "sqs-connect.fullname" .) .Release.Namespace (int .Values.service.port) }}
{{- end }}
