import type { Schemas } from '../api/client';

type Person = Schemas['PersonResponse'];

/**
 * Whether the cycle list offers 发起考核周期 and the wizard opens: whenever `POST /api/cycles` could admit the person for
 * someone (docs/authorization.md) — administrators, HRBPs, the head (or the named HRBP) of a department, for their
 * departments. Which departments the wizard offers is the API's answer (`mayLaunch`), and it judges each launch.
 */
export function mayLaunchCycles(me: Person | undefined): boolean {
  if (!me) return false;
  return me.roles.includes('hrbp') || me.roles.includes('admin') || me.headOf.length > 0 || me.hrbpOf.length > 0;
}

/** Whether the person launches for every department (an administrator), or only for those they head or are the HRBP of. */
export function launchesForEveryone(me: Person | undefined): boolean {
  return me?.roles.includes('admin') ?? false;
}
