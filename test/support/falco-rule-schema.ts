// The JSON Schema the Falco engine itself validates every rules file against when it loads it, transcribed from
// falcosecurity/falco, file userspace/engine/rule_json_schema.h (`rule_schema_string`, unchanged from commit
// 9aed4800 "fix(userspace/engine): JSON Schema fixes" through release 0.44.1). falco_engine.cpp parses it and
// rule_loader_reader.cpp hands it to yaml_helper::loadall_from_string for every document of a rules file; what
// fails it is reported as "schema warnings" by `falco -V` (the load goes on, the rule loader's own checks follow).
// It is looser than test/support/falco-rules.ts (any key of any item kind is allowed on any item, priorities are
// upper-case only): both run, so a generated file satisfies the engine's schema as written and the stricter shape.
export const FALCO_RULE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-06/schema#',
  type: 'array',
  items: { $ref: '#/definitions/FalcoRule' },
  definitions: {
    FalcoRule: {
      type: 'object',
      additionalProperties: false,
      properties: {
        required_engine_version: { type: 'string' },
        required_plugin_versions: { type: 'array', items: { $ref: '#/definitions/RequiredPluginVersion' } },
        macro: { type: 'string' },
        condition: { type: 'string' },
        list: { type: 'string' },
        items: { type: 'array', items: { $ref: '#/definitions/Item' } },
        rule: { type: 'string' },
        desc: { type: 'string' },
        enabled: { type: 'boolean' },
        output: { type: 'string' },
        append: { type: 'boolean' },
        priority: { $ref: '#/definitions/Priority' },
        capture: { type: 'boolean' },
        capture_duration: { type: 'integer' },
        source: { type: 'string' },
        exceptions: { type: 'array', items: { $ref: '#/definitions/Exception' } },
        override: { $ref: '#/definitions/Override' },
        tags: { type: 'array', items: { type: 'string' } },
        warn_evttypes: { type: 'boolean' },
        'skip-if-unknown-filter': { type: 'boolean' },
      },
      required: [],
      title: 'FalcoRule',
    },
    Item: { anyOf: [{ type: 'integer' }, { type: 'string' }], title: 'Item' },
    Exception: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, fields: {}, comps: {}, values: {} },
      required: ['name'],
      title: 'Exception',
    },
    Priority: {
      type: 'string',
      enum: ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'INFORMATIONAL', 'DEBUG'],
      title: 'Priority',
    },
    OverriddenItem: { type: 'string', enum: ['append', 'replace'], title: 'OverriddenItem' },
    Override: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        ['items', 'desc', 'condition', 'output', 'priority', 'enabled', 'exceptions', 'capture', 'capture_duration', 'tags', 'warn_evttypes', 'skip-if-unknown-filter'].map(
          (k) => [k, { $ref: '#/definitions/OverriddenItem' }],
        ),
      ),
      minProperties: 1,
      title: 'Override',
    },
    RequiredPluginVersion: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, version: { type: 'string' }, alternatives: { type: 'array', items: { $ref: '#/definitions/Alternative' } } },
      required: ['name', 'version'],
      title: 'RequiredPluginVersion',
    },
    Alternative: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, version: { type: 'string' } },
      required: ['name', 'version'],
      title: 'Alternative',
    },
  },
} as const;
