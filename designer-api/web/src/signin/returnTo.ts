/**
 * The page to open after signing in: a path of this site only (a deep link such as /tasks/{id} from a mail), never
 * another site (`//evil.example`, `https://…`), never the sign-in pages themselves.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value === '/signin' || value.startsWith('/signin/') || value.startsWith('/signin?')) return '/';
  return value;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function signInPath(path: string): string {
  const back = safeReturnTo(path);
  return back === '/' ? '/signin' : `/signin?returnTo=${encodeURIComponent(back)}`;
}
