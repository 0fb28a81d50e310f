{{/* Names, labels and the pieces every server role shares. */}}

{{- define "streamgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "streamgate.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "streamgate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "streamgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: streamgate
{{- end -}}

{{/* Selector labels of one component: call with (dict "root" $ "component" "api"). */}}
{{- define "streamgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "streamgate.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The server roles to deploy, as a list of names. */}}
{{- define "streamgate.roleNames" -}}
{{- if .Values.roles.split -}}api,playback,transcode{{- else -}}all{{- end -}}
{{- end -}}

{{/* The role whose Service hosts TranscodeService (workers call it). */}}
{{- define "streamgate.transcodeRole" -}}
{{- if .Values.roles.split -}}transcode{{- else -}}all{{- end -}}
{{- end -}}

{{- define "streamgate.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "streamgate.fullname" .) -}}
{{- end -}}

{{/* image reference: call with (dict "root" $ "image" .Values.image.server). */}}
{{- define "streamgate.image" -}}
{{- printf "%s:%s" .image.repository (.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{- define "streamgate.publicURL" -}}
{{- required "publicURL is required: the base URL users reach StreamGate at, e.g. https://video.example.com" .Values.publicURL | trimSuffix "/" -}}
{{- end -}}

{{- define "streamgate.ingressHost" -}}
{{- .Values.ingress.host | default (urlParse (include "streamgate.publicURL" .)).host -}}
{{- end -}}

{{/* A variable read from the chart's Secret: (dict "root" $ "name" "STREAMGATE_X" "key" "x" "optional" false). */}}
{{- define "streamgate.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "streamgate.secretName" .root }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/* Environment of a server role: (dict "root" $ "role" $role "services" "a,b"). */}}
{{- define "streamgate.serverEnv" -}}
{{- $root := .root -}}
{{- $services := splitList "," .services -}}
{{- $v := $root.Values -}}
- name: STREAMGATE_ADDR
  value: "0.0.0.0:8080"
- name: STREAMGATE_PUBLIC_URL
  value: {{ include "streamgate.publicURL" $root | quote }}
- name: STREAMGATE_SERVICES
  value: {{ .services | quote }}
- name: STREAMGATE_LOG_LEVEL
  value: {{ $v.config.logLevel | quote }}
- name: STREAMGATE_LOG_FORMAT
  value: {{ $v.config.logFormat | quote }}
- name: STREAMGATE_CORS_ORIGINS
  value: {{ $v.config.corsOrigins | quote }}
- name: STREAMGATE_SHUTDOWN_TIMEOUT
  value: {{ printf "%ds" (int $v.config.shutdownTimeoutSeconds) | quote }}
- name: STREAMGATE_AUTH_CHAIN_IDS
  value: {{ $v.config.authChainIDs | quote }}
{{- if $v.config.clientIPHeader }}
- name: STREAMGATE_AUTH_CLIENT_IP_HEADER
  value: {{ $v.config.clientIPHeader | quote }}
{{- end }}
- name: STREAMGATE_DB_MAX_CONNS
  value: {{ $v.database.maxConns | quote }}
- name: STREAMGATE_REDIS_ADDR
  value: {{ required "redis.addr is required (host:port)" $v.redis.addr | quote }}
- name: STREAMGATE_REDIS_PREFIX
  value: {{ $v.redis.prefix | quote }}
- name: STREAMGATE_S3_ENDPOINT
  value: {{ required "s3.endpoint is required (host:port)" $v.s3.endpoint | quote }}
- name: STREAMGATE_S3_BUCKET
  value: {{ $v.s3.bucket | quote }}
- name: STREAMGATE_S3_REGION
  value: {{ $v.s3.region | quote }}
- name: STREAMGATE_S3_SECURE
  value: {{ $v.s3.secure | quote }}
- name: STREAMGATE_S3_BUCKET_CORS
  value: {{ $v.s3.bucketCORS | quote }}
{{- if has "upload" $services }}
- name: STREAMGATE_UPLOAD_TEMP_DIR
  value: /tmp
{{- end }}
{{ include "streamgate.secretEnv" (dict "root" $root "name" "STREAMGATE_DATABASE_URL" "key" "database-url") }}
{{ include "streamgate.secretEnv" (dict "root" $root "name" "STREAMGATE_REDIS_PASSWORD" "key" "redis-password" "optional" true) }}
{{ include "streamgate.secretEnv" (dict "root" $root "name" "STREAMGATE_S3_ACCESS_KEY" "key" "s3-access-key") }}
{{ include "streamgate.secretEnv" (dict "root" $root "name" "STREAMGATE_S3_SECRET_KEY" "key" "s3-secret-key") }}
{{ include "streamgate.secretEnv" (dict "root" $root "name" "STREAMGATE_AUTH_SIGNING_KEYS" "key" "auth-signing-keys") }}
{{ include "streamgate.secretEnv" (dict "root" $root "name" "STREAMGATE_CHAIN_RPC" "key" "chain-rpc" "optional" true) }}
{{- if or (has "playback" $services) (has "transcode" $services) (has "webhook" $services) }}
{{ include "streamgate.secretEnv" (dict "root" $root "name" "STREAMGATE_KEY_MASTER" "key" "key-master") }}
{{- end }}
{{- if has "transcode" $services }}
{{ include "streamgate.secretEnv" (dict "root" $root "name" "STREAMGATE_WORKER_TOKENS" "key" "worker-tokens") }}
{{- end }}
{{- range $name, $value := merge (dict) .role.env $v.config.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}
