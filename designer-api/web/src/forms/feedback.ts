import type { ErrorTree } from '../api/problems';

/**
 * The errors a form shows: the browser's (computed from what is on the page now) and the server's (from its last
 * answer). Where the browser finds a problem at a field, the field shows the browser's messages only: the server's
 * there are older than what the person typed since, and would often say the same again in other words. Elsewhere the
 * server's stay (its rules, which the browser cannot run).
 */
export function shownErrors(browser: ErrorTree, server: ErrorTree): ErrorTree {
  const shown: ErrorTree = {};
  const names = new Set([...Object.keys(server), ...Object.keys(browser)]);
  for (const name of names) {
    const mine = browser[name];
    const theirs = server[name];
    if (name === '__errors') {
      const messages = mine && (mine as string[]).length > 0 ? (mine as string[]) : (theirs as string[] | undefined);
      if (messages && messages.length > 0) shown.__errors = messages;
    } else if (mine === undefined) {
      shown[name] = theirs;
    } else if (theirs === undefined) {
      shown[name] = mine;
    } else {
      shown[name] = shownErrors(mine as ErrorTree, theirs as ErrorTree);
    }
  }
  return shown;
}

/** How many messages an error tree holds. */
export function messageCount(tree: ErrorTree): number {
  return Object.entries(tree).reduce(
    (sum, [name, node]) => sum + (name === '__errors' ? (node as string[]).length : node === undefined ? 0 : messageCount(node as ErrorTree)),
    0,
  );
}
