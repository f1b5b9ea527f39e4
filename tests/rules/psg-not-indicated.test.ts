import { psgNotIndicated } from '../../src/rules/psg-not-indicated.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { OrderFinding } from '../../src/findings/finding-types.js';
import { order, problem, ruleInput } from '../support/finding-builders.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';

// dimensions: hook · PSG order selected? · cramps on the chart? · RLS / PLMD / sleep apnea on the chart or as the order's reasonCode?
const psg = order('polysomnography', 'psg-1', { label: 'Polysomnography' });
const snomedPsg: OrderFinding = { ...order('polysomnography', 'psg-2'), codes: [{ system: SYSTEMS.snomed, code: '60554003' }] };

const cases: readonly { name: string; hook: HookName; problems: readonly string[]; orders: readonly OrderFinding[]; removable?: readonly string[] }[] = [
  { name: 'order-select: a selected PSG with cramps only fires', hook: 'order-select', problems: ['leg-cramps'], orders: [psg], removable: ['ServiceRequest/psg-1'] },
  { name: 'order-sign: a PSG with cramps only fires', hook: 'order-sign', problems: ['leg-cramps'], orders: [psg], removable: ['ServiceRequest/psg-1'] },
  { name: 'a SNOMED-coded PSG fires too', hook: 'order-select', problems: ['leg-cramps'], orders: [snomedPsg], removable: ['ServiceRequest/psg-2'] },
  { name: 'RLS on the chart justifies the PSG', hook: 'order-select', problems: ['leg-cramps', 'rls'], orders: [psg] },
  { name: 'PLMD on the chart justifies the PSG', hook: 'order-select', problems: ['leg-cramps', 'plmd'], orders: [psg] },
  { name: 'sleep apnea on the chart justifies the PSG', hook: 'order-select', problems: ['leg-cramps', 'sleep-apnea'], orders: [psg] },
  { name: 'suspected PLMD given as the order\'s reasonCode justifies the PSG', hook: 'order-select', problems: ['leg-cramps'], orders: [order('polysomnography', 'psg-4', { reasons: ['plmd'] })] },
  { name: 'sleep apnea as the order\'s reasonCode justifies the PSG', hook: 'order-sign', problems: ['leg-cramps'], orders: [order('polysomnography', 'psg-5', { reasons: ['sleep-apnea'] })] },
  { name: 'a reasonCode of leg cramps does not justify the PSG', hook: 'order-select', problems: ['leg-cramps'], orders: [order('polysomnography', 'psg-6', { reasons: ['leg-cramps'] })], removable: ['ServiceRequest/psg-6'] },
  {
    name: 'order-sign: of two PSG drafts only the one without an indication is removable',
    hook: 'order-sign',
    problems: ['leg-cramps'],
    orders: [order('polysomnography', 'psg-7', { reasons: ['rls'] }), order('polysomnography', 'psg-8')],
    removable: ['ServiceRequest/psg-8'],
  },
  { name: 'a PSG without cramps on the chart is silent', hook: 'order-select', problems: ['diabetes'], orders: [psg] },
  { name: 'a non-selected PSG draft is silent', hook: 'order-select', problems: ['leg-cramps'], orders: [order('polysomnography', 'psg-3', { isSelected: false })] },
  { name: 'patient-view never speaks about orders', hook: 'patient-view', problems: ['leg-cramps'], orders: [psg] },
];

describe('psgNotIndicated', () => {
  test.each(cases)('$name', ({ hook, problems, orders, removable }) => {
    const assessments = psgNotIndicated(ruleInput({ problems: problems.map((p) => problem(p)), orders }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(removable ? ['psg-not-indicated'] : []);
    expect(assessments[0]?.removableOrders?.map((o) => o.ref)).toEqual(removable);
  });
});
