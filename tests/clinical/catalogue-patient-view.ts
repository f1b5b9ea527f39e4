import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import { CVR, WORKUP_ALL, type CatalogueRow } from './catalogue-row.js';

// patient-view speaks about the chart: problems, current medications (statements and active requests), labs
// in the 12-month look-back. One row per patient fixture.

const PV = 'patient-view' as const;

/** Every patient fixture on patient-view. */
export const PATIENT_VIEW_ROWS: readonly CatalogueRow[] = [
  {
    name: 'simple cramps with a complete normal workup → only the cramp-likely leaning',
    fixture: 'fx-cramps-simple', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['workup-labs', 'secondary-causes'],
    mentions: { [CVR]: ['Sleep related leg cramps'] },
  },
  {
    name: 'cramps on simvastatin (statement) and hydrochlorothiazide (request) → both named as culprits',
    fixture: 'fx-cramps-statin', hook: PV, topics: ['cramp-drug-culprit', CVR], leaning: 'cramp-likely',
    drugs: { 'cramp-drug-culprit': ['simvastatin 20 MG Oral Tablet', 'hydrochlorothiazide 25 MG Oral Tablet'] },
    mentions: { 'cramp-drug-culprit': ['Statin', 'Diuretic'] },
  },
  {
    name: 'cramps with simvastatin stopped, HCTZ order stopped and furosemide completed → no culprit',
    fixture: 'fx-cramps-stopped-meds', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['cramp-drug-culprit'],
  },
  {
    name: 'cramps on atenolol/chlorthalidone (combination product) → the product is a diuretic culprit',
    fixture: 'fx-cramps-combination', hook: PV, topics: ['cramp-drug-culprit', CVR], leaning: 'cramp-likely',
    drugs: { 'cramp-drug-culprit': ['atenolol 100 MG / chlorthalidone 25 MG Oral Tablet'] },
  },
  {
    name: 'cramps with furosemide as a contained Medication and lisinopril/HCTZ as Medication/<id> → both culprits',
    fixture: 'fx-cramps-medication-reference', hook: PV, topics: ['cramp-drug-culprit', CVR], leaning: 'cramp-likely',
    drugs: { 'cramp-drug-culprit': ['furosemide 20 MG Oral Tablet', 'Lisinopril 20 mg / hydrochlorothiazide 12.5 mg tablet'] },
  },
  {
    name: 'cramps on quinine known only by name → quinine warning, no removal on patient-view',
    fixture: 'fx-cramps-quinine', hook: PV, topics: [CVR, 'quinine-for-cramps'], leaning: 'cramp-likely',
    drugs: { 'quinine-for-cramps': ['Quinine sulfate 324 mg capsule at bedtime'] },
  },
  {
    name: 'cramps and falciparum malaria on quinine → no quinine warning (its approved use)',
    fixture: 'fx-malaria-quinine', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['quinine-for-cramps'],
  },
  {
    name: 'RLS on sertraline (coded) and amitriptyline (name only) → rls-likely and both aggravators named',
    fixture: 'fx-rls-ssri', hook: PV, topics: [CVR, 'iron-deficiency', 'rls-aggravating-drug'], leaning: 'rls-likely',
    drugs: { 'rls-aggravating-drug': ['sertraline 50 MG Oral Tablet', 'Amitriptyline 25 mg at night'] },
    mentions: {
      'rls-aggravating-drug': ['SSRI antidepressant', 'Tricyclic antidepressant'],
      // The normal-workup ferritin 85 ng/mL with TSAT 30 % lies in the AASM IV-iron-only range (knowledge 2.5.0).
      'iron-deficiency': ['Ferritin 85 ng/mL on 2026-09-15 is above 75 and up to 100 ng/mL: in RLS, IV iron only (AASM 2024)', 'Transferrin saturation 30 % on 2026-09-15: not below 20 %'],
      [CVR]: ['ferritin above 75 and up to 100 ng/mL: for RLS, IV iron only unless TSAT < 20 %', 'Ferritin 85 ng/mL on 2026-09-15: above 75 ng/mL'],
    },
    omits: { [CVR]: ['below 50 ng/mL', 'do not meet the RLS iron criterion'] },
  },
  {
    name: 'refuted RLS on sertraline → silent',
    fixture: 'fx-rls-refuted-ssri', hook: PV, topics: [], nearMissOf: [CVR, 'rls-aggravating-drug'],
  },
  {
    name: 'resolved cramps on simvastatin with no labs → silent',
    fixture: 'fx-cramps-resolved', hook: PV, topics: [], nearMissOf: [CVR, 'cramp-drug-culprit', 'workup-labs'],
  },
  {
    name: 'cramps treated with pramipexole and no RLS → dopaminergic warning, leaning mixed (RLS therapy on chart)',
    fixture: 'fx-cramps-pramipexole', hook: PV, topics: [CVR, 'dopaminergic-for-cramps'], leaning: 'mixed',
    drugs: { 'dopaminergic-for-cramps': ['pramipexole dihydrochloride 0.25 MG Oral Tablet'], [CVR]: ['pramipexole dihydrochloride 0.25 MG Oral Tablet'] },
  },
  {
    name: 'cramps and RLS on pramipexole → mixed, augmentation info, no dopaminergic-for-cramps warning (RLS justifies it)',
    fixture: 'fx-cramps-rls-pramipexole', hook: PV, topics: [CVR, 'iron-deficiency', 'rls-dopaminergic-augmentation'], leaning: 'mixed', nearMissOf: ['dopaminergic-for-cramps'],
    drugs: { 'rls-dopaminergic-augmentation': ['pramipexole dihydrochloride 0.25 MG Oral Tablet'] },
    mentions: {
      [CVR]: ['Sleep related leg cramps', 'Restless legs syndrome'],
      'rls-dopaminergic-augmentation': ['suggests against the standard use of levodopa, pramipexole, ropinirole and rotigotine', 'earlier in the day', 'spreading to the arms', 'higher doses', 'gabapentinoid', 'Do not stop it abruptly'],
    },
  },
  {
    name: 'pregnant (Z3A.24 without clinical status, 2026-09) with RLS on pramipexole → pregnancy wording: iron first, no gabapentinoid line; pregnancy as an RLS trigger',
    fixture: 'fx-rls-pregnant-pramipexole', hook: PV, topics: [CVR, 'rls-dopaminergic-augmentation', 'iron-deficiency', 'secondary-causes'], leaning: 'rls-likely',
    mentions: {
      'rls-dopaminergic-augmentation': ['in pregnancy, iron first', '**In pregnancy** RLS is mostly iron-related', 'Do not stop it abruptly', '24 weeks gestation of pregnancy: Pregnancy, recorded 2026-09-01', 'Do not start or continue a dopamine agonist in pregnancy without obstetric and specialist review'],
      [CVR]: ['in pregnancy RLS is mostly iron-related'],
      'secondary-causes': ['Pregnancy, an RLS trigger', '24 weeks gestation of pregnancy', 'Mostly iron-related: an iron panel (ferritin, transferrin saturation)'],
      'iron-deficiency': ['Ferritin 60 ng/mL on 2026-10-05 is at or below 75 ng/mL', '**Suggested:** in pregnancy, oral iron first and IV iron only after the first trimester, planned with obstetric care'],
    },
    omits: {
      'rls-dopaminergic-augmentation': ['gabapentin', 'remains an option'],
      'iron-deficiency': ['ferric carboxymaltose'],
      [CVR]: ['gabapentinoid'],
      'secondary-causes': ['common cause of leg cramps'],
    },
    // The pregnancy wordings link their own sources (knowledge 2.6.0), beside the AASM guideline of the adult criterion.
    cites: {
      'iron-deficiency': ['aasm-rls-2024', 'irlssg-pregnancy-2015', 'auerbach-pregnancy-iv-iron-2018'],
      [CVR]: ['guidance', 'aasm-rls-2024', 'irlssg-pregnancy-2015'],
      'rls-dopaminergic-augmentation': ['aasm-rls-2024', 'irlssg-pregnancy-2015'],
    },
  },
  {
    name: 'RLS on pramipexole with a pregnancy encounter diagnosis without clinical status from 11 months ago → no longer pregnant: the standard wording',
    fixture: 'fx-rls-past-pregnancy-pramipexole', hook: PV, topics: [CVR, 'rls-dopaminergic-augmentation'], leaning: 'rls-likely', nearMissOf: ['secondary-causes'],
    mentions: {
      'rls-dopaminergic-augmentation': ['gabapentinoid or iron first', 'gabapentin enacarbil', 'IV ferric carboxymaltose (strong recommendation) or oral ferrous sulfate (conditional); ferritin above 75 and up to 100 ng/mL, IV iron only', 'A dopamine agonist remains an option'],
    },
    omits: { 'rls-dopaminergic-augmentation': ['In pregnancy', 'in pregnancy'] },
  },
  {
    name: 'confirmed leg cramps recorded 2024-05 with a normal workup → the differential is settled: silent',
    fixture: 'fx-cramps-settled', hook: PV, topics: [], nearMissOf: [CVR],
  },
  {
    name: 'RLS and Parkinson disease on carbidopa/levodopa → no augmentation card (Parkinson explains the drug)',
    fixture: 'fx-rls-parkinson-levodopa', hook: PV, topics: [CVR], leaning: 'rls-likely', nearMissOf: ['rls-dopaminergic-augmentation'],
  },
  {
    name: 'a child with RLS on ropinirole and ferritin 60 ng/mL → the pediatric augmentation card (no recommendation for children, iron first, no gabapentinoid), not the adult iron criterion',
    fixture: 'fx-rls-child-ropinirole', hook: PV, topics: [CVR, 'rls-dopaminergic-augmentation'], leaning: 'rls-likely', nearMissOf: ['iron-deficiency'],
    drugs: { 'rls-dopaminergic-augmentation': ['Ropinirole 0.25 mg tablet at bedtime'] },
    mentions: {
      'rls-dopaminergic-augmentation': ['in RLS: no AASM 2024 recommendation for children; iron first if ferritin < 50 ng/mL', 'makes no recommendation for levodopa, pramipexole, ropinirole or rotigotine', 'pediatric sleep specialist', 'Do not stop it abruptly'],
      [CVR]: ['in a child, iron first when ferritin is < 50 ng/mL', 'Ferritin 60 ng/mL on 2026-10-05: not below 50 ng/mL'],
    },
    omits: { 'rls-dopaminergic-augmentation': ['a gabapentinoid (gabapentin', 'gabapentinoid or iron first'], [CVR]: ['treat with a gabapentinoid'] },
  },
  {
    name: 'a child with RLS and ferritin 42 ng/mL → the pediatric criterion (< 50 ng/mL)',
    fixture: 'fx-rls-child-low-ferritin', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'rls-likely',
    mentions: { 'iron-deficiency': ['Ferritin 42 ng/mL on 2026-10-05: below 50 ng/mL', 'pediatric RLS iron criterion met (AASM 2024)', 'for children with RLS'] },
  },
  {
    name: 'RLS with ferritin 32 ng/mL → iron deficiency: the AASM criterion with value, unit and date',
    fixture: 'fx-rls-low-ferritin', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'rls-likely',
    mentions: { 'iron-deficiency': ['Ferritin 32 ng/mL on 2026-09-10 is at or below 75 ng/mL: RLS iron criterion met (AASM 2024)', 'ferritin is ≤ 75 ng/mL or transferrin saturation is < 20 %'] },
  },
  {
    name: 'RLS with ferritin 110 ng/mL and transferrin saturation 14 % → iron deficiency on TSAT',
    fixture: 'fx-rls-tsat-low', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'rls-likely',
    mentions: { 'iron-deficiency': ['Transferrin saturation 14 % on 2026-10-05 is below 20 %: RLS iron criterion met (AASM 2024)'] },
  },
  {
    name: 'RLS with ESRD, ferritin 150 ng/mL and TSAT 15 % → the IV iron sucrose criterion, kidney disease as a secondary cause',
    fixture: 'fx-rls-esrd-iron', hook: PV, topics: [CVR, 'iron-deficiency', 'secondary-causes'], leaning: 'rls-likely',
    mentions: {
      'iron-deficiency': ['Ferritin 150 ng/mL on 2026-10-05: below 200 ng/mL', 'Transferrin saturation 15 % on 2026-10-05: below 20 %', 'IV iron sucrose', 'End stage renal disease'],
      // Known ESRD: the kidney cause is not answered with "check renal function" (knowledge 2.5.0).
      'secondary-causes': ['Known end-stage renal disease: no renal function test for the cramps'],
    },
    omits: { 'secondary-causes': ['Renal function (creatinine, eGFR)'] },
  },
  {
    name: 'RLS with ESRD, ferritin 150 ng/mL and TSAT 28 % → no iron criterion met',
    fixture: 'fx-rls-esrd-tsat-normal', hook: PV, topics: [CVR, 'secondary-causes'], leaning: 'rls-likely', nearMissOf: ['iron-deficiency'],
  },
  {
    name: 'cramps with ferritin 28 ug/L → iron deficiency (ug/L = ng/mL); the leaning stays cramps (a low ferritin alone is no RLS feature)',
    fixture: 'fx-cramps-low-ferritin-ugl', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'cramp-likely',
    mentions: { 'iron-deficiency': ['Ferritin 28 µg/L (= 28 ng/mL) on 2026-08-20: below 50 ng/mL'] },
  },
  {
    name: 'RLS with ferritin 100 pmol/L (44.5 ng/mL) → iron deficiency, the reported value first and the converted one a digit finer than 75',
    fixture: 'fx-rls-low-ferritin-pmol', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'rls-likely',
    mentions: { 'iron-deficiency': ['Ferritin 100 pmol/L (≈ 44.5 ng/mL) on 2026-10-05 is at or below 75 ng/mL', '- Ferritin 100 pmol/L (≈ 44.5 ng/mL) on 2026-10-05: at or below 75 ng/mL'] },
  },
  {
    name: 'RLS with ferritin 180 pmol/L (80.1 ng/mL) and TSAT 25 % → the IV-iron-only range (AASM 2024: ferritin above 75 and up to 100 ng/mL)',
    fixture: 'fx-rls-normal-ferritin-pmol', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'rls-likely',
    mentions: {
      'iron-deficiency': [
        'Ferritin 180 pmol/L (≈ 80.1 ng/mL) on 2026-10-05 is above 75 and up to 100 ng/mL: in RLS, IV iron only (AASM 2024); consider IV iron',
        '- Ferritin 180 pmol/L (≈ 80.1 ng/mL) on 2026-10-05: above 75 ng/mL',
        '- Transferrin saturation 25 % on 2026-10-05: not below 20 %',
        'only with IV iron if serum ferritin is between 75 ng/mL and 100 ng/mL',
      ],
    },
    omits: { 'iron-deficiency': ['oral ferrous sulfate (conditional recommendation)'] },
  },
  {
    name: 'RLS with ferritin exactly 75 ng/mL → at the AASM limit, which it includes',
    fixture: 'fx-rls-ferritin-at-threshold', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'rls-likely',
    mentions: { 'iron-deficiency': ['Ferritin 75 ng/mL on'] },
  },
  {
    name: 'RLS with ferritin 18 ng/mL 13 months ago → no iron card; the RLS workup orders the iron panel instead, for a morning draw',
    fixture: 'fx-rls-old-low-ferritin', hook: PV, topics: [CVR, 'workup-labs'], leaning: 'rls-likely', nearMissOf: ['iron-deficiency'],
    mentions: { 'workup-labs': ['Workup for RLS: no recent Iron panel (ferritin, iron, TIBC, transferrin saturation)', 'drawn in the morning'] },
    orders: { 'workup-labs': ['2276-4', '2498-4', '2500-7', '2502-3'] },
  },
  {
    name: 'cramps with T2DM polyneuropathy and HbA1c 7.8 % → diabetes and neuropathy as secondary causes',
    fixture: 'fx-cramps-diabetic-neuropathy', hook: PV, topics: [CVR, 'secondary-causes'], leaning: 'cramp-likely',
    mentions: {
      'secondary-causes': ['Diabetes', 'Peripheral neuropathy', 'Type 2 diabetes mellitus with diabetic polyneuropathy', 'HbA1c 7.8 % on 2026-09-01', '*Assess:* Glucose or HbA1c; foot sensation'],
    },
    omits: { 'secondary-causes': ['Confirm with a repeat HbA1c'] },
    // The links follow the findings: the ADA criterion the HbA1c met, no kidney or thyroid citation.
    cites: { 'secondary-causes': ['guidance', 'ada-diabetes-diagnosis'] },
  },
  {
    name: 'cramps with TSH 7.2 and eGFR 48 but no coded disease → thyroid and kidney causes from the labs',
    fixture: 'fx-cramps-lab-causes', hook: PV, topics: [CVR, 'secondary-causes'], leaning: 'cramp-likely',
    mentions: {
      'secondary-causes': [
        'Thyroid dysfunction', 'TSH 7.2 mIU/L on 2026-09-22', 'Chronic kidney disease', 'eGFR 48 mL/min/1.73 m² on 2026-09-22',
        'Repeat TSH with free T4 before treating', 'Renal function trend: repeat creatinine and eGFR',
      ],
    },
    omits: { 'secondary-causes': ['*Assess:* Thyroid function (TSH)', '*Assess:* Renal function (creatinine, eGFR)'] },
    cites: { 'secondary-causes': ['guidance', 'tsh-reference', 'kdigo-ckd-2024'] },
  },
  {
    name: 'cramps with resolved radiculopathy, refuted hypothyroidism and PAD entered in error → no secondary cause',
    fixture: 'fx-cramps-resolved-causes', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['secondary-causes'],
  },
  {
    name: 'cramps with no labs at all → the four workup tests offered as draft ServiceRequests',
    fixture: 'fx-cramps-no-labs', hook: PV, topics: [CVR, 'workup-labs'], leaning: 'cramp-likely',
    mentions: { 'workup-labs': ['Serum ferritin', 'Thyroid function (TSH)', 'Glucose or HbA1c', 'Renal function (creatinine, eGFR)'] },
    orders: { 'workup-labs': WORKUP_ALL },
  },
  {
    name: 'cramps with a 14-month-old TSH, fasting glucose and eGFR only → only TSH is missing',
    fixture: 'fx-cramps-partial-workup', hook: PV, topics: [CVR, 'workup-labs'], leaning: 'cramp-likely',
    mentions: { 'workup-labs': ['Thyroid function (TSH)'] },
    orders: { 'workup-labs': ['3016-3'] },
  },
  {
    name: 'cramps on magnesium oxide (name only) with normal magnesium and potassium → electrolyte pitfall with the levels',
    fixture: 'fx-cramps-magnesium', hook: PV, topics: [CVR, 'electrolyte-pitfall'], leaning: 'cramp-likely',
    drugs: { 'electrolyte-pitfall': ['Magnesium oxide 400 mg tablet'] },
    mentions: { 'electrolyte-pitfall': ['Magnesium 2 mg/dL on 2026-09-15', 'Potassium 4.2 mmol/L on 2026-09-15'] },
  },
  {
    name: 'cramps on spironolactone → a diuretic culprit; no supplement, no pitfall',
    fixture: 'fx-cramps-potassium-spironolactone', hook: PV, topics: [CVR, 'cramp-drug-culprit'], leaning: 'cramp-likely', nearMissOf: ['electrolyte-pitfall'],
    drugs: { 'cramp-drug-culprit': ['Spironolactone 25 mg tablet'] },
  },
  {
    name: 'cramps on magnesium and potassium with low magnesium and coded hypokalemia → no pitfall',
    fixture: 'fx-cramps-magnesium-deficient', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['electrolyte-pitfall'],
  },
  {
    name: 'cramps and obstructive sleep apnea → only the leaning',
    fixture: 'fx-cramps-sleep-apnea', hook: PV, topics: [CVR], leaning: 'cramp-likely',
  },
  {
    name: 'no cramps, RLS or PLMD, whatever the drugs and ferritin → silent',
    fixture: 'fx-no-leg-symptoms', hook: PV, topics: [], nearMissOf: [...TOPIC_CODES],
  },
  {
    name: 'PLMD on sertraline → rls-likely and the aggravator named',
    fixture: 'fx-plmd-ssri', hook: PV, topics: [CVR, 'rls-aggravating-drug'], leaning: 'rls-likely',
    drugs: { 'rls-aggravating-drug': ['sertraline 25 MG Oral Tablet'] },
    mentions: { 'rls-aggravating-drug': ['Periodic limb movement disorder'] },
  },
];
