{{/* Chart name, shortened to the 63 characters a label value allows. */}}
{{- define "manim-video.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every object name: <release>-<chart>, or the release name when it contains the chart name. */}}
{{- define "manim-video.fullname" -}}
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

{{- define "manim-video.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select one component's pods; call with (dict "ctx" $ "component" "operator"). */}}
{{- define "manim-video.selectorLabels" -}}
app.kubernetes.io/name: {{ include "manim-video.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Standard labels of every object; call with (dict "ctx" $ "component" "operator"). */}}
{{- define "manim-video.labels" -}}
helm.sh/chart: {{ include "manim-video.chart" .ctx }}
{{ include "manim-video.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: manim-video
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* repository:tag, the tag defaulting to the chart's appVersion; call with (dict "ctx" $ "image" .Values.x.image). */}}
{{- define "manim-video.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{- define "manim-video.operator.fullname" -}}
{{- printf "%s-operator" (include "manim-video.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "manim-video.ingressApi.fullname" -}}
{{- printf "%s-ingress" (include "manim-video.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "manim-video.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (include "manim-video.operator.fullname" .) .Values.operator.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "manim-video.ingressApi.serviceAccountName" -}}
{{- if .Values.ingressApi.serviceAccount.create }}
{{- default (include "manim-video.ingressApi.fullname" .) .Values.ingressApi.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.ingressApi.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "manim-video.operator.secretName" -}}
{{- default .Values.secrets.existingSecret .Values.operator.existingSecret }}
{{- end }}

{{- define "manim-video.ingressApi.secretName" -}}
{{- default .Values.secrets.existingSecret .Values.ingressApi.existingSecret }}
{{- end }}

{{- define "manim-video.videojobNamespace" -}}
{{- default .Release.Namespace .Values.ingressApi.videojobNamespace }}
{{- end }}

{{/*
Namespaces where VideoJobs run and so render/codegen pods too: the release namespace unless
operator.watchNamespaces lists others. Rendered as a JSON list; read it with fromJsonArray.
*/}}
{{- define "manim-video.workloadNamespaces" -}}
{{- if .Values.operator.watchNamespaces }}
{{- toJson (uniq .Values.operator.watchNamespaces) }}
{{- else }}
{{- toJson (list .Release.Namespace) }}
{{- end }}
{{- end }}

{{/* WATCH_NAMESPACES of the operator. */}}
{{- define "manim-video.watchNamespacesEnv" -}}
{{- if .Values.operator.watchAllNamespaces }}*
{{- else }}
{{- join "," (include "manim-video.workloadNamespaces" . | fromJsonArray) }}
{{- end }}
{{- end }}

{{/* Restricted pod security (Pod Security Standards "restricted"); the uid matches the images' user. */}}
{{- define "manim-video.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "manim-video.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The probes of both services: liveness /healthz, readiness /readyz on the http port. */}}
{{- define "manim-video.probes" -}}
{{- /* a JVM on a busy node (a rollout beside running renders) may take minutes to listen: liveness waits for this */}}
startupProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 60
{{- /* a restart cannot cure a node short of CPU: liveness acts after a minute of unanswered probes */}}
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 6
readinessProbe:
  httpGet:
    path: /readyz
    port: http
  initialDelaySeconds: 5
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{/* env entry from the component's Secret; call with (dict "name" "X" "secret" "s" "optional" true). */}}
{{- define "manim-video.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .name }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}

{{/* POD_NAMESPACE from the downward API. */}}
{{- define "manim-video.podNamespaceEnv" -}}
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- end }}

{{/* The /tmp emptyDir both services need with a read-only root file system. */}}
{{- define "manim-video.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end }}

{{/* Storage settings of both services; call with (dict "ctx" $ "secret" "name"). */}}
{{- define "manim-video.storageEnv" -}}
- name: STORAGE_REGION
  value: {{ .ctx.Values.storage.region | quote }}
- name: STORAGE_BUCKET
  value: {{ .ctx.Values.storage.bucket | quote }}
{{ include "manim-video.secretEnv" (dict "name" "STORAGE_ACCESS_KEY" "secret" .secret) }}
{{ include "manim-video.secretEnv" (dict "name" "STORAGE_SECRET_KEY" "secret" .secret) }}
{{- with .ctx.Values.storage.endpoint }}
- name: STORAGE_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- end }}

{{/* CODEGEN_PROVIDERS: the provider names in the order to try. */}}
{{- define "manim-video.providerNames" -}}
{{- $names := list }}
{{- range .Values.ai.providers }}
{{- $names = append $names .name }}
{{- end }}
{{- join "," $names }}
{{- end }}

{{/* What the operator may do where VideoJobs live. */}}
{{- define "manim-video.operator.rules" -}}
- apiGroups: ["manimvideo.io"]
  resources: ["videojobs"]
  # patch: the finalizer (server-side apply); get: a fresh copy after a conflict; delete: records are
  # removed when their TTL runs out
  verbs: ["get", "list", "watch", "patch", "delete"]
- apiGroups: ["manimvideo.io"]
  resources: ["videojobs/status"]
  # the whole status in one JSON Patch (StatusWriter)
  verbs: ["patch"]
- apiGroups: ["manimvideo.io"]
  resources: ["videojobs/finalizers"]
  verbs: ["update"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  # Jobs are immutable once created: no update or patch. A deleted VideoJob's Jobs are deleted by label.
  verbs: ["create", "get", "list", "watch", "delete", "deletecollection"]
- apiGroups: [""]
  resources: ["pods"]
  # termination messages (an informer on the child pods: a step ends when its pod exits, before its Job is
  # marked Complete; list by Job); on VideoJob deletion the operator also deletes the Pods by label so a
  # render stops at once and nothing can upload after the stored objects are removed
  verbs: ["list", "watch", "delete", "deletecollection"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  # one Event per phase, never updated
  verbs: ["create"]
{{- end }}

{{/*
One NetworkPolicy egress rule from {cidrs, except, ports, peers}; none when there is no destination
(an empty "to" would allow every destination).
*/}}
{{- define "manim-video.egressRule" -}}
{{- if or .cidrs .peers -}}
- to:
    {{- range .cidrs }}
    - ipBlock:
        cidr: {{ . }}
        {{- with $.except }}
        except:
          {{- range . }}
          - {{ . }}
          {{- end }}
        {{- end }}
    {{- end }}
    {{- with .peers }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end }}
{{- end }}
