import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/schema';
import i18n from '../i18n';
import { ProblemError, type Problem } from './problems';

export type Schemas = components['schemas'];
export type Texts = Schemas['Texts'];

/**
 * Where the client gets the signed-in person's access token and what it does when the API says the sign-in is no
 * longer good (401): set once by the session (src/signin/session.tsx).
 */
export interface TokenSource {
  accessToken(): Promise<string | null>;
  expired(): void;
}

let tokens: TokenSource = { accessToken: async () => null, expired: () => undefined };

export function useTokens(source: TokenSource) {
  tokens = source;
}

// Every request carries the token and the language of the page, so that the API's texts (labels of the forms,
// Problem Details) come in that language.
const auth: Middleware = {
  async onRequest({ request }) {
    const token = await tokens.accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', i18n.language);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) tokens.expired();
    return response;
  },
};

/** The API client, typed by the host's OpenAPI document (openapi/v1.json → src/api/generated/schema.ts). */
export const api = createClient<paths>({ baseUrl: '/' });
api.use(auth);

/**
 * The data of an API answer, or a thrown {@link ProblemError} with the Problem Details the API answered (or a network
 * problem when it did not answer): what the pages' queries and mutations use.
 */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    throw new ProblemError({ status: 0, code: 'network', detail: String(cause) });
  }
  if (result.response.ok) return result.data as T;
  throw new ProblemError({ status: result.response.status, ...(result.error as Partial<Problem> | undefined) });
}

/** A text in the page's language. */
export function say(text: Texts | null | undefined): string {
  if (!text) return '';
  return i18n.language === 'en' ? text.en : text['zh-CN'];
}

/** A count the API may write as a number or a numeric string (its OpenAPI document allows both). */
export function count(value: number | string | null | undefined): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}
