// The short phrases findings start with. A message leads with what is specific to it (the tools, the
// Secret, the probe) and names the image and container after a dash; everything longer — which
// Secrets, how they arrive, where each tool came from — goes to related locations and the hover, so
// an editor's one-line Problems row shows what differs between two findings.
import type { Exposure } from '../exposure.js';
import type { SecretDelivery, ToolFact } from '../model.js';
import { plural, shortImage } from './rule.js';

/** `sh, bash, dash` / `curl, wget, ssh +4` / `busybox sh/ash` / `curl, maybe openssl`: confirmed tools first. */
export function toolList(tools: readonly ToolFact[], max = 3): string {
  const names = (list: readonly ToolFact[]) => {
    const plain: string[] = [];
    const applets: string[] = [];
    for (const t of list) {
      // Busybox applets are one binary: name it once, with the applets that matter.
      const into = t.via ? applets : plain;
      if (!into.includes(t.tool)) into.push(t.tool);
    }
    const out = plain.filter((n) => !(applets.length && n === 'busybox'));
    if (applets.length) out.push(`busybox ${applets.join('/')}`);
    return out;
  };
  const sure = names(tools.filter((t) => !t.unverified));
  const maybe = names(tools.filter((t) => t.unverified)).filter((n) => !sure.includes(n));
  const shown = sure.slice(0, max);
  const room = Math.max(0, max - shown.length);
  // Unconfirmed tools fill what room is left, marked; the rest is a count.
  const guesses = maybe.slice(0, room);
  if (guesses.length) shown.push(`${sure.length ? 'maybe ' : ''}${guesses.join(', ')}`);
  const more = sure.length - Math.min(sure.length, max) + maybe.length - guesses.length;
  return shown.join(', ') + (more ? ` +${more}` : '');
}

/** An image as a message names it: without its registry host, a digest cut short. */
export function displayImage(ref: string): string {
  const slash = ref.indexOf('/');
  const host = slash > 0 ? ref.slice(0, slash) : '';
  const name = host && (host.includes('.') || host.includes(':') || host === 'localhost') ? ref.slice(slash + 1) : ref;
  return shortImage(name);
}

/** What the message calls the image: `image FROM node:20` when a workspace Dockerfile builds it, else its name. */
export function imageLabel(e: Exposure): string {
  return e.link && e.image.baseImage ? `image FROM ${displayImage(e.image.baseImage)}` : displayImage(e.container.image);
}

/** `container api`, or `container worker of nightly-report` when the workload has another name. */
export function containerPhrase(e: Exposure): string {
  const w = e.workload.ref.name;
  return `container ${e.container.name}${w !== e.container.name ? ` of ${w}` : ''}`;
}

/** `Secret "db"` / `2 Secrets` (which ones: the related locations). */
export function secretsPhrase(secrets: readonly SecretDelivery[]): string {
  const names = [...new Set(secrets.map((s) => s.secretName))];
  return names.length === 1 ? `Secret "${names[0]!}"` : plural(names.length, 'Secret');
}

/** A command for a message, cut where it would hide the rest of the sentence. */
export function shortCommand(text: string, max = 32): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `A`, `A and B`, `A, B and C`. */
export function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
