import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadServiceRegistry } from '../../src/hooks/service-registry.js';

// The service definitions are data (cds-services/services.json), validated at start-up: a bad file stops the
// service with a message naming the file and the field.
// dimensions: shipped file · field missing, empty or of the wrong value · duplicate ids

const shipped = JSON.parse(readFileSync(path.resolve('cds-services', 'services.json'), 'utf8')) as { services: Record<string, unknown>[] };

function loadVariant(edit: (services: Record<string, unknown>[]) => void): () => unknown {
  const services = structuredClone(shipped.services);
  edit(services);
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'services-'));
    try {
      writeFileSync(path.join(dir, 'services.json'), JSON.stringify({ ...shipped, services }));
      return loadServiceRegistry(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('the shipped file loads one service per hook, each found by id', () => {
  const registry = loadServiceRegistry('cds-services');
  expect(registry.services.map((s) => [s.id, s.hook])).toEqual([
    ['leg-cramps-patient-view', 'patient-view'],
    ['leg-cramps-order-select', 'order-select'],
    ['leg-cramps-order-sign', 'order-sign'],
  ]);
  expect(registry.find('leg-cramps-order-sign')?.hook).toBe('order-sign');
  expect(registry.find('nope')).toBeUndefined();
});

test.each([
  { name: 'an empty prefetch', edit: (s: Record<string, unknown>[]) => void (s[1] = { ...s[1], prefetch: {} }), message: '/services/1/prefetch: must NOT have fewer than 1 properties' },
  { name: 'a missing title', edit: (s: Record<string, unknown>[]) => void delete s[0]?.title, message: "/services/0: must have required property 'title'" },
  { name: 'an unknown hook', edit: (s: Record<string, unknown>[]) => void (s[2] = { ...s[2], hook: 'encounter-start' }), message: '/services/2/hook: must be equal to one of the allowed values' },
  { name: 'an empty prefetch template', edit: (s: Record<string, unknown>[]) => void (s[0] = { ...s[0], prefetch: { patient: '' } }), message: '/services/0/prefetch/patient: must NOT have fewer than 1 characters' },
  { name: 'two services with one id', edit: (s: Record<string, unknown>[]) => void (s[1] = { ...s[1], id: s[0]?.id }), message: '/services: ids must be unique' },
])('$name stops start-up naming the file and field', ({ edit, message }) => {
  expect(loadVariant(edit)).toThrow(new RegExp(`services\\.json: ${message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
});
