// Decides, before any YAML parsing, whether a file can be analysed at all: binary content, files
// over the size limit, and Helm (Go template) sources, which are not YAML until rendered.

import { commentBefore, insideBlockScalar, insideQuotes } from './yaml-text.js';

/** UTF-8 size of `text`, counted only as far as needed to compare with `limit`. */
export function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  // Each UTF-16 unit is at most 3 UTF-8 bytes (surrogate pairs: 4 bytes for 2 units).
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : c >= 0xdc00 && c <= 0xdfff ? 2 : 3;
    if (bytes > limit) return true;
  }
  return false;
}

// Helm's own objects and functions: a template action wherever it appears, even quoted or inside
// a block scalar (a chart's ConfigMap). Other `{{ … }}` (Alertmanager or Argo templates kept in a
// quoted value or a block scalar) are ordinary YAML; GitHub Actions' `${{ … }}` never counts.
const HELM_ONLY = /(?:^|[\s($|])\$?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|^-?\s*(?:include|tpl|toYaml|required)\s/;
const KUBERNETES_KEY = /^[ \t]*(?:apiVersion|kind)[ \t]*:/m;

/**
 * Offset of the first Helm template action outside comments, or -1. Only files that also look like
 * Kubernetes manifests count: a values file or Ansible playbook with braces is just not Kubernetes.
 */
export function findHelmTemplate(text: string): number {
  let at = text.indexOf('{{');
  if (at < 0 || !KUBERNETES_KEY.test(text)) return -1;
  for (; at >= 0; at = text.indexOf('{{', at + 2)) {
    if (at > 0 && text.charCodeAt(at - 1) === 36 /* $ */) continue;
    if (commentBefore(text, at) >= 0) continue;
    const close = text.indexOf('}}', at + 2);
    const inner = text.slice(at + 2, close >= 0 && close - at < 300 ? close : at + 80);
    if (HELM_ONLY.test(inner)) return at;
    // Unquoted braces outside a block scalar are a template of some kind: YAML would misread them.
    if (!insideQuotes(text, at) && !insideBlockScalar(text, at)) return at;
  }
  return -1;
}
