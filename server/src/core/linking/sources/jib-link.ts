// The link of one Jib build (Maven or Gradle): the target image → the base image it is built on, with
// Jib's own default base when the build names none (see jib.ts for the documented defaults).
import type { ImageLink, Location } from '../../model.js';
import { notice, type BuildConfigResult } from '../result.js';
import { nameOf } from './docker-build.js';

/** Jib's default base for a project: jetty for a WAR, else eclipse-temurin by Java version. */
export function jibDefaultBase(javaVersion: string | undefined, war: boolean): { image: string; why: string } {
  if (war) return { image: 'jetty', why: "Jib's default base for a WAR project" };
  const v = javaVersion === undefined ? NaN : Number(javaVersion.replace(/^1\./, ''));
  if (!Number.isFinite(v)) return { image: 'eclipse-temurin', why: "Jib's default base (the project's Java version is not stated, so no tag is assumed)" };
  const tag = v <= 8 ? 8 : v <= 11 ? 11 : v <= 17 ? 17 : 21;
  return { image: `eclipse-temurin:${tag}-jre`, why: `Jib's default base for Java ${v}` };
}

export interface JibBuild {
  where: string;
  to?: { value: string; location?: Location };
  from?: { value: string; location?: Location };
  javaVersion?: string;
  war: boolean;
  /** References the build file leaves without a value (named in notices). */
  unresolved: string[];
}

/** One Jib build → its link (or a notice when the target image is unknown). */
export function addJibLink(result: BuildConfigResult, file: string, build: JibBuild): void {
  const say = (m: string, location?: Location): void => void result.notices.push(notice(file, 'info', `${build.where}: ${m}`, location));
  if (!build.to || build.to.value.trim() === '') {
    say('no to.image: the image name comes from the command line (-Dimage / --image), so this build is not linked', build.from?.location);
    return;
  }
  const image = build.to.value.trim();
  const base = build.from?.value.trim() ? { image: build.from.value.trim(), why: 'from.image' } : jibDefaultBase(build.javaVersion, build.war);
  if (base.image.includes('$')) {
    say(`the base image ${base.image} is not resolved here, so this build is not linked`, build.from?.location);
    return;
  }
  const named = nameOf(image, build.unresolved);
  if (named.kind === 'unlinkable') {
    const refs = named.refs.join(', ');
    say(refs === image ? `the image name is ${image}, which has no value here, so this build is not linked` : `the image name ${image} is not resolved (${refs} has no value here), so this build is not linked`, build.to.location);
    return;
  }
  const link: ImageLink = { image: named.image, base: base.image, source: 'jib', reason: `${build.where} to.image ${image}: built without a Dockerfile on ${base.image} (${base.why})` };
  if (named.kind === 'suffix') {
    link.suffix = true;
    say(`${named.refs.join(', ')} in ${image} has no value here; the image is matched by its repository path …/${named.image}`, build.to.location);
  }
  if (build.to.location) link.location = build.to.location;
  result.links.push(link);
}

