{{/* Chart name, at most 63 characters. */}}
{{- define "cri-exporter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the objects: fullnameOverride, else <release>-<name>, or just <release> when the
release name already contains the chart name. At most 63 characters (a DNS label).
*/}}
{{- define "cri-exporter.fullname" -}}
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

{{- define "cri-exporter.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride }}
{{- end }}

{{- define "cri-exporter.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the pods; never change them in an upgrade (the selector is immutable). */}}
{{- define "cri-exporter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cri-exporter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "cri-exporter.labels" -}}
helm.sh/chart: {{ include "cri-exporter.chart" . }}
{{ include "cri-exporter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: metrics
app.kubernetes.io/part-of: cri-exporter
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "cri-exporter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cri-exporter.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository@digest, else repository:tag (tag defaults to appVersion). */}}
{{- define "cri-exporter.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* Where the node's filesystem appears in the pod. */}}
{{- define "cri-exporter.hostRoot" -}}
/host
{{- end }}

{{/*
The node directories holding the CRI socket, as a YAML list of {name, path}: the directory of
criSocket when it is set, else those of the chosen runtime (every runtime's for auto).
*/}}
{{- define "cri-exporter.socketDirs" -}}
{{- $dirs := list }}
{{- if .Values.criSocket }}
{{- $dirs = append $dirs (dict "name" "cri-socket" "path" (dir .Values.criSocket)) }}
{{- else }}
{{- $runtimes := list .Values.runtime }}
{{- if eq .Values.runtime "auto" }}
{{- $runtimes = list "containerd" "crio" "k3s" }}
{{- end }}
{{- $seen := dict }}
{{- range $runtime := $runtimes }}
{{- range $i, $path := index $.Values.socketDirs $runtime }}
{{- if not (hasKey $seen $path) }}
{{- $_ := set $seen $path true }}
{{- $dirs = append $dirs (dict "name" (printf "%s-socket-%d" $runtime $i) "path" $path) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml (dict "dirs" $dirs) }}
{{- end }}

{{/*
The --cri.endpoint value: criSocket when set, else the chosen runtime's default socket under the
host root; empty for auto (the exporter probes the well-known sockets under --path.hostroot).
*/}}
{{- define "cri-exporter.criEndpoint" -}}
{{- $root := include "cri-exporter.hostRoot" . }}
{{- if .Values.criSocket }}
{{- printf "unix://%s%s" $root .Values.criSocket }}
{{- else if eq .Values.runtime "containerd" }}
{{- printf "unix://%s/run/containerd/containerd.sock" $root }}
{{- else if eq .Values.runtime "crio" }}
{{- printf "unix://%s/var/run/crio/crio.sock" $root }}
{{- else if eq .Values.runtime "k3s" }}
{{- printf "unix://%s/run/k3s/containerd/containerd.sock" $root }}
{{- end }}
{{- end }}

{{/* A duration such as 1m30s or 500ms in milliseconds (the schema has checked its form). */}}
{{- define "cri-exporter.durationMillis" -}}
{{- $total := 0 }}
{{- range $part := regexFindAll "[0-9]+(ms|h|m|s)" (toString .) -1 }}
{{- $n := regexFind "^[0-9]+" $part | atoi }}
{{- $unit := regexReplaceAll "^[0-9]+" $part "" }}
{{- if eq $unit "ms" }}{{ $total = add $total $n }}
{{- else if eq $unit "s" }}{{ $total = add $total (mul $n 1000) }}
{{- else if eq $unit "m" }}{{ $total = add $total (mul $n 60000) }}
{{- else if eq $unit "h" }}{{ $total = add $total (mul $n 3600000) }}
{{- end }}
{{- end }}
{{- $total }}
{{- end }}

{{/*
Checks that need more than one value or arithmetic, which the JSON schema cannot express. Each
message names the value to change, as the schema's messages do.
*/}}
{{- define "cri-exporter.validate" -}}
{{- $poll := include "cri-exporter.durationMillis" .Values.pollInterval | atoi }}
{{- $timeout := include "cri-exporter.durationMillis" .Values.criTimeout | atoi }}
{{- if lt $poll 100 }}
{{- fail (printf "pollInterval: %q is too short; at least 100ms" (toString .Values.pollInterval)) }}
{{- end }}
{{- if lt $timeout 1 }}
{{- fail (printf "criTimeout: %q must be more than zero" (toString .Values.criTimeout)) }}
{{- end }}
{{- if gt $timeout $poll }}
{{- fail (printf "criTimeout: %q must not exceed pollInterval (%s)" (toString .Values.criTimeout) (toString .Values.pollInterval)) }}
{{- end }}
{{- if has .Values.metricsPath (list "/" "/healthz" "/readyz") }}
{{- fail (printf "metricsPath: %q is taken; use another path such as /metrics" .Values.metricsPath) }}
{{- end }}
{{- if and .Values.criSocket (not (isAbs .Values.criSocket)) }}
{{- fail (printf "criSocket: %q must be an absolute path on the node" .Values.criSocket) }}
{{- end }}
{{- $psc := .Values.podSecurityContext }}
{{- $sc := .Values.securityContext }}
{{- if and $psc.runAsNonRoot (hasKey $psc "runAsUser") (eq (int $psc.runAsUser) 0) }}
{{- fail "podSecurityContext.runAsNonRoot is true but podSecurityContext.runAsUser is 0: the pod would never start; pick a non-zero runAsUser" }}
{{- end }}
{{- if and $sc.runAsNonRoot (hasKey $sc "runAsUser") (eq (int $sc.runAsUser) 0) }}
{{- fail "securityContext.runAsNonRoot is true but securityContext.runAsUser is 0: the pod would never start; pick a non-zero runAsUser" }}
{{- end }}
{{- if and .Values.serviceMonitor.enabled (not .Values.service.enabled) }}
{{- fail "serviceMonitor.enabled needs service.enabled (a ServiceMonitor selects a Service); enable the Service or use podMonitor" }}
{{- end }}
{{- $both := list }}
{{- range .Values.collectors.enable }}
{{- if has . $.Values.collectors.disable }}
{{- $both = append $both . }}
{{- end }}
{{- end }}
{{- if $both }}
{{- fail (printf "collectors: %s both enabled and disabled" (join ", " $both)) }}
{{- end }}
{{- end }}
