import type { HookContext } from '../hooks/hook-types.js';

/**
 * Fills a prefetch template the way a CDS client would (CDS Hooks 2.0 "Prefetch tokens"): root-level
 * primitive context fields and the four `user…Id` tokens derived from `context.userId`.
 */

const TOKEN = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** `context.userId` is a `Type/id` reference; the `user<Type>Id` token holds its id when the type matches. */
const USER_ID_TOKENS: Readonly<Record<string, string>> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

function tokenValue(token: string, context: HookContext): string | undefined {
  switch (token) {
    case 'context.patientId':
      return context.patientId;
    case 'context.userId':
      return context.userId;
    case 'context.encounterId':
      return context.encounterId;
  }
  const userType = USER_ID_TOKENS[token];
  if (userType === undefined) return undefined;
  const [type, id, ...rest] = context.userId.split('/');
  return type === userType && id && rest.length === 0 ? id : undefined;
}

/**
 * Encodes each `/`-separated segment of a value: an id can never break out of its query parameter
 * (`&`, `=`, `#`, spaces), while `{{context.userId}}` used as a read (`Practitioner/abc`) stays a path.
 */
function encodeTokenValue(value: string): string {
  return value.split('/').map(encodeURIComponent).join('/');
}

/**
 * The query for one template with its tokens filled and URL-encoded, relative to `fhirServer`.
 * @returns `undefined` when a token is unknown or its context field is absent (the key cannot be fetched).
 */
export function renderPrefetchQuery(template: string, context: HookContext): string | undefined {
  let isComplete = true;
  const query = template.replace(TOKEN, (_match, token: string) => {
    const value = tokenValue(token, context);
    if (value === undefined || value === '') {
      isComplete = false;
      return '';
    }
    return encodeTokenValue(value);
  });
  return isComplete ? query : undefined;
}
