/**
 * The canonical fields of each record kind (SPEC §3.1): which are required,
 * their value types and defaults. The reader types rows with this table and
 * the rules compiler checks field names in expressions against it, so that a
 * typo like `stauts` is caught before any data is read.
 */
import type { FieldType, Kind } from './types.js';

export interface KindFields {
  required: readonly string[];
  optional: readonly string[];
  types: Readonly<Record<string, FieldType>>;
  /** Defaults of optional fields, as raw text typed like any other value. */
  defaults: Readonly<Record<string, string>>;
}

export const KIND_FIELDS: Readonly<Record<Kind, KindFields>> = {
  roster: {
    required: ['employee', 'unit', 'wage'],
    optional: ['name', 'role', 'bonus', 'from', 'until'],
    types: { employee: 'id', unit: 'string', wage: 'money', name: 'string', role: 'string', bonus: 'money', from: 'date', until: 'date' },
    defaults: { bonus: '0' },
  },
  incident: {
    required: ['date', 'employees', 'type'],
    optional: ['id', 'unit', 'loss', 'note'],
    types: { date: 'datetime', employees: 'ids', type: 'string', id: 'string', unit: 'string', loss: 'money', note: 'string' },
    defaults: { loss: '0' },
  },
  complaint: {
    required: ['received_at', 'responsible'],
    optional: ['id', 'unit', 'category', 'channel', 'due_hours', 'resolved_at', 'upheld', 'revisit', 'note'],
    types: {
      received_at: 'datetime', responsible: 'id', id: 'string', unit: 'string', category: 'string', channel: 'string',
      due_hours: 'number', resolved_at: 'datetime', upheld: 'bool', revisit: 'bool', note: 'string',
    },
    defaults: { due_hours: '24', upheld: 'no', revisit: 'no' },
  },
  training: {
    required: ['date', 'employee', 'status'],
    optional: ['session', 'type', 'note'],
    types: { date: 'datetime', employee: 'id', status: 'status', session: 'string', type: 'string', note: 'string' },
    defaults: {},
  },
};

/** Every canonical field name of any kind, plus `kind` (the combined-register column). */
export const CANONICAL_FIELDS: ReadonlySet<string> = new Set([
  'kind',
  ...Object.values(KIND_FIELDS).flatMap((k) => [...k.required, ...k.optional]),
]);

/** The canonical values of `status` (§3.1). */
export const STATUSES = ['present', 'absent', 'excused', 'late'] as const;

/** The field that decides a record's date (§3.1). */
export function dateFieldOf(kind: Exclude<Kind, 'roster'>): 'date' | 'received_at' {
  return kind === 'complaint' ? 'received_at' : 'date';
}
