{{/* The release's object names: the release name, or "<release>-slipway" when the release does not say slipway. */}}
{{- define "slipway.fullname" -}}
{{- if contains "slipway" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-slipway" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "slipway.selectorLabels" -}}
app.kubernetes.io/name: slipway
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: backend
{{- end -}}

{{- define "slipway.labels" -}}
{{ include "slipway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The platform identity: the ServiceAccount the cluster setup's bindings and admission policies name. */}}
{{- define "slipway.serviceAccountName" -}}
{{- required "serviceAccount.name must be set: the cluster setup binds Slipway's roles to that ServiceAccount" .Values.serviceAccount.name -}}
{{- end -}}

{{- define "slipway.backendSecretsName" -}}
{{- .Values.backendSecrets.existingSecret | default (printf "%s-backend" (include "slipway.fullname" .)) -}}
{{- end -}}

{{/* REQUIRED values, each with what to set; checked by every template that needs them. */}}
{{- define "slipway.baseUrl" -}}
{{- $url := required "baseUrl must be set to the URL people open, e.g. --set baseUrl=https://slipway.example.com" .Values.baseUrl -}}
{{- if not (regexMatch "^https?://[^/]+" $url) -}}
{{- fail (printf "baseUrl %q must be an absolute http(s) URL, e.g. https://slipway.example.com" $url) -}}
{{- end -}}
{{- trimSuffix "/" $url -}}
{{- end -}}

{{- define "slipway.ingressHost" -}}
{{- .Values.ingress.host | default (regexReplaceAll "^https?://([^/:]+).*$" (include "slipway.baseUrl" .) "${1}") -}}
{{- end -}}
