// Two small validators for the probe's reports, so that tests need no validator package:
// - checkJsonSchema: the JSON Schema (draft 2020-12) keywords docs/schema/*.json use, and an error for any
//   other keyword, so that a schema cannot grow a rule the checker silently ignores;
// - checkJUnit: well-formed XML (a small parser: elements, attributes, text, character references) and the
//   rules of Jenkins xunit-plugin's junit-10.xsd (jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/
//   plugins/xunit/types/model/xsd/junit-10.xsd), the schema most CI JUnit readers accept, restated here as tables.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'format', '$defs']);
const KNOWN = new Set([
  ...ANNOTATIONS, 'type', 'const', 'enum', 'required', 'properties', 'additionalProperties', 'items', 'prefixItems',
  'minItems', 'maxItems', 'minimum', 'maximum', 'pattern', '$ref', 'allOf', 'oneOf',
]);

function typeOf(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Every way `value` breaks `schema`, as `path: problem` lines (empty when it is valid). */
export function checkJsonSchema(value: Json, schema: Schema, root: Schema = schema, path = '$'): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) errors.push(`${path}: the checker does not know the keyword ${key}`);
  if (typeof schema['$ref'] === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema['$ref'])![1]!;
    errors.push(...checkJsonSchema(value, (root['$defs'] as Record<string, Schema>)[name]!, root, path));
  }
  const type = schema['type'];
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [...errors, `${path}: ${actual}, not ${types.join(' or ')}`];
  }
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema['const'])) errors.push(`${path}: not ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].some((e) => JSON.stringify(e) === JSON.stringify(value))) errors.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema['enum'])}`);
  for (const sub of (schema['allOf'] as Schema[] | undefined) ?? []) errors.push(...checkJsonSchema(value, sub, root, path));
  if (Array.isArray(schema['oneOf'])) {
    const passing = (schema['oneOf'] as Schema[]).filter((sub) => checkJsonSchema(value, sub, root, path).length === 0).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of oneOf, not 1`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) errors.push(`${path}: ${value} < ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) errors.push(`${path}: ${value} > ${schema['maximum']}`);
  }
  if (typeof value === 'string' && typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) {
    errors.push(`${path}: ${JSON.stringify(value.slice(0, 40))} does not match ${schema['pattern']}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) errors.push(`${path}: fewer than ${schema['minItems']} items`);
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) errors.push(`${path}: more than ${schema['maxItems']} items`);
    const prefix = (schema['prefixItems'] as Schema[] | undefined) ?? [];
    value.forEach((item, i) => {
      const sub = prefix[i] ?? (schema['items'] as Schema | undefined);
      if (sub !== undefined) errors.push(...checkJsonSchema(item, sub, root, `${path}[${i}]`));
    });
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, Json>;
    for (const key of (schema['required'] as string[] | undefined) ?? []) if (!(key in object)) errors.push(`${path}: ${key} is missing`);
    const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    const extra = schema['additionalProperties'] as Schema | boolean | undefined;
    for (const [key, member] of Object.entries(object)) {
      if (key in properties) errors.push(...checkJsonSchema(member, properties[key]!, root, `${path}.${key}`));
      else if (extra === false) errors.push(`${path}: ${key} is not allowed`);
      else if (typeof extra === 'object') errors.push(...checkJsonSchema(member, extra, root, `${path}.${key}`));
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------

/** An XML element: name, attributes, children (elements and text, in order). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: (XmlElement | string)[];
}

// XML 1.0 Char, minus what a report never needs; a raw control byte (other than TAB, LF, CR) is not well-formed.
const BAD_CHAR = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[ref]!;
  });
}

/** Parses a document (an XML declaration, then one element); throws on anything not well-formed. */
export function parseXml(text: string): XmlElement {
  if (BAD_CHAR.test(text)) throw new Error(`a character XML does not allow, at ${text.search(BAD_CHAR)}`);
  let at = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(text);
  if (decl !== null) at = decl[0].length;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/y;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    const chunk = text.slice(at, lt === -1 ? text.length : lt);
    if (/&(?!#x[0-9a-fA-F]+;|#[0-9]+;|lt;|gt;|amp;|quot;|apos;)/.test(chunk)) throw new Error(`a bare & at ${at}`);
    if (stack.length > 0) stack.at(-1)!.children.push(decode(chunk));
    else if (chunk.trim() !== '') throw new Error(`text outside the root element at ${at}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(text);
    if (m === null) throw new Error(`a malformed tag at ${lt}: ${text.slice(lt, lt + 40)}`);
    at = tag.lastIndex;
    if (m[1] === '/') {
      const open = stack.pop();
      if (open?.name !== m[2]) throw new Error(`</${m[2]!}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of m[3]!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (a[1]! in attributes) throw new Error(`attribute ${a[1]!} twice on <${m[2]!}>`);
      if (/&(?!#x[0-9a-fA-F]+;|#[0-9]+;|lt;|gt;|amp;|quot;|apos;)/.test(a[2]!)) throw new Error(`a bare & in an attribute of <${m[2]!}>`);
      attributes[a[1]!] = decode(a[2]!);
    }
    const element: XmlElement = { name: m[2]!, attributes, children: [] };
    if (stack.length > 0) stack.at(-1)!.children.push(element);
    else if (root === undefined) root = element;
    else throw new Error('a second root element');
    if (m[4] !== '/') stack.push(element);
  }
  if (stack.length > 0 || root === undefined) throw new Error('unclosed elements');
  return root;
}

// junit-10.xsd as tables: each element's attributes (required ones marked), the child elements it may hold, and
// whether it may hold text.
const TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/; // the XSD's SUREFIRE_TIME
const RULES: Record<string, { attributes: Record<string, boolean>; children: readonly string[]; text: boolean }> = {
  testsuites: { attributes: { name: false, time: false, tests: false, failures: false, errors: false }, children: ['testsuite'], text: false },
  testsuite: {
    attributes: {
      name: true, tests: true, failures: true, errors: true, group: false, time: false, skipped: false, timestamp: false,
      hostname: false, id: false, package: false, file: false, log: false, url: false,
    },
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    text: false,
  },
  properties: { attributes: {}, children: ['property'], text: false },
  property: { attributes: { name: true, value: true }, children: [], text: false },
  testcase: { attributes: { name: true, time: false, classname: false, group: false }, children: ['skipped', 'error', 'failure', 'system-out', 'system-err'], text: false },
  failure: { attributes: { type: false, message: false }, children: [], text: true },
  error: { attributes: { type: false, message: false }, children: [], text: true },
  skipped: { attributes: { type: false, message: false }, children: [], text: true },
  'system-out': { attributes: {}, children: [], text: true },
  'system-err': { attributes: {}, children: [], text: true },
};

/** Every way a JUnit document breaks junit-10.xsd (empty when valid); throws when it is not well-formed XML. */
export function checkJUnit(text: string): string[] {
  const root = parseXml(text);
  const errors: string[] = [];
  if (root.name !== 'testsuites' && root.name !== 'testsuite') errors.push(`root <${root.name}>`);
  const visit = (e: XmlElement, path: string): void => {
    const rule = RULES[e.name];
    if (rule === undefined) {
      errors.push(`${path}: unknown element`);
      return;
    }
    for (const name of Object.keys(e.attributes)) if (!(name in rule.attributes)) errors.push(`${path}: attribute ${name} not allowed`);
    for (const [name, required] of Object.entries(rule.attributes)) if (required && !(name in e.attributes)) errors.push(`${path}: attribute ${name} missing`);
    if ('time' in e.attributes && (e.name === 'testsuite' || e.name === 'testsuites') && !TIME.test(e.attributes['time']!)) errors.push(`${path}: time ${e.attributes['time']!}`);
    // The properties of a run, and a testcase's children, in the order the XSD's sequence/choice allows.
    let index = 0;
    for (const child of e.children) {
      if (typeof child === 'string') {
        if (!rule.text && child.trim() !== '') errors.push(`${path}: text not allowed`);
        continue;
      }
      if (!rule.children.includes(child.name)) errors.push(`${path}: <${child.name}> not allowed in <${e.name}>`);
      visit(child, `${path}/${child.name}[${index++}]`);
    }
  };
  visit(root, root.name);
  return errors;
}
