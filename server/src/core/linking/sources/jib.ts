// Jib (Maven `jib-maven-plugin` in pom.xml, Gradle `jib { … }` in build.gradle / build.gradle.kts)
// builds Java images without a Dockerfile: the application's layers go on a base image, `from.image`,
// and the result is pushed as `to.image`. The link says the image is built on that base, so the base's
// catalog facts are the image's. Without `from.image` Jib picks its default base: "Starting from
// version 3.2, the default base image is the official eclipse-temurin image … For WAR projects, the
// default is the official jetty image" (GoogleContainerTools/jib docs/default_base_image.md), with the
// tag following the project's Java version (8, 11, 17, 21 → `eclipse-temurin:<v>-jre`).
//
// pom.xml is read with fast-xml-parser (a real XML parser; the text search below only finds the range
// to point at). Maven properties (`${docker.registry}`, `${project.artifactId}`) expand from the pom's
// own `<properties>` and project coordinates; a parent pom's are not read.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Location } from '../../model.js';
import { LineIndex } from '../../text/positions.js';
import { notice, type BuildConfigResult } from '../result.js';
import { readGradleJib } from './jib-gradle.js';
import { addJibLink, type JibBuild } from './jib-link.js';
import type { LinkSourceModule } from './types.js';

type Xml = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'plugin' || name === 'profile' || name === 'execution' });

export function readPom(file: string, text: string): BuildConfigResult {
  const result: BuildConfigResult = { kind: 'jib', links: [], notices: [] };
  if (!text.includes('jib-maven-plugin')) return result;
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    result.notices.push(notice(file, 'warning', `${file} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}); its Jib build is not read`));
    return result;
  }
  const project = (parser.parse(text) as Xml).project as Xml | undefined;
  if (!project) return result;
  const props = new Map<string, string>();
  for (const [k, v] of Object.entries((project.properties as Xml | undefined) ?? {})) if (typeof v === 'string') props.set(k, v);
  for (const k of ['artifactId', 'groupId', 'version']) if (typeof project[k] === 'string') props.set(`project.${k}`, project[k]);
  const expand = (s: string, unresolved: string[]): string =>
    s.replace(/\$\{([^}]+)\}/g, (m, name: string) => props.get(name) ?? (unresolved.includes(m) ? m : (unresolved.push(m), m)));
  const compiler = plugins(project).find((p) => p.artifactId === 'maven-compiler-plugin')?.configuration as Xml | undefined;
  const javaRaw = [props.get('maven.compiler.release'), props.get('maven.compiler.target'), str(compiler?.release), str(compiler?.target), props.get('java.version'), props.get('maven.compiler.source')].find((v) => v !== undefined);
  const index = new LineIndex(text);
  let searchFrom = 0;
  for (const plugin of plugins(project).filter((p) => p.artifactId === 'jib-maven-plugin')) {
    const at = text.indexOf('jib-maven-plugin', searchFrom);
    searchFrom = at + 1;
    const configs = [plugin.configuration, ...arr((plugin.executions as Xml | undefined)?.execution).map((e) => e.configuration)].filter((c): c is Xml => typeof c === 'object' && c !== null);
    const config = configs[0];
    const unresolved: string[] = [];
    const image = (part: 'from' | 'to'): { value: string; location?: Location } | undefined => {
      const raw = str((config?.[part] as Xml | undefined)?.image);
      if (raw === undefined) return undefined;
      const out: { value: string; location?: Location } = { value: expand(raw, unresolved) };
      const location = elementLocation(text, index, file, at, part, raw);
      if (location) out.location = location;
      return out;
    };
    const build: JibBuild = { where: `${file}:${index.positionAt(at).line + 1} jib-maven-plugin`, war: project.packaging === 'war', unresolved };
    const from = image('from');
    const to = image('to');
    if (from) build.from = from;
    if (to) build.to = to;
    if (javaRaw !== undefined) build.javaVersion = expand(javaRaw, []);
    addJibLink(result, file, build);
  }
  return result;
}

/** `<build><plugins>`, `<build><pluginManagement><plugins>` and every profile's. */
function plugins(project: Xml): Xml[] {
  const of = (b: unknown): Xml[] => {
    const build = b as Xml | undefined;
    return [...arr((build?.plugins as Xml | undefined)?.plugin), ...arr(((build?.pluginManagement as Xml | undefined)?.plugins as Xml | undefined)?.plugin)];
  };
  return [of(project.build), ...arr((project.profiles as Xml | undefined)?.profile).map((p) => of(p.build))].flat();
}

/** Where `<part>…<image>raw</image>` sits after offset `from`: the range of `raw`. */
function elementLocation(text: string, index: LineIndex, file: string, from: number, part: string, raw: string): Location | undefined {
  const open = text.indexOf(`<${part}>`, from);
  if (open < 0) return undefined;
  const at = text.indexOf(raw, text.indexOf('<image>', open));
  return at < 0 ? undefined : index.location(file, at, at + raw.length);
}

function arr(v: unknown): Xml[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is Xml => typeof x === 'object' && x !== null);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export const jibSource: LinkSourceModule<'jib'> = {
  id: 'jib',
  rank: 40,
  matches: (_path, name) => name === 'pom.xml' || name === 'build.gradle' || name === 'build.gradle.kts',
  read: (file, text) => (file.endsWith('.xml') ? readPom(file, text) : readGradleJib(file, text)),
  watch: ['**/pom.xml', '**/build.gradle', '**/build.gradle.kts'],
};
