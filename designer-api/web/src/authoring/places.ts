/** The designers, by who may use them (docs/api-authoring.md, "Who may call what"). */
export type DesignPlace = 'templates' | 'processes' | 'texts' | 'indicators' | 'app';

export function designPlaces(roles: readonly string[], headsADepartment: boolean): DesignPlace[] {
  if (roles.includes('admin') || roles.includes('hrbp')) return ['templates', 'processes', 'texts', 'indicators', 'app'];
  return headsADepartment ? ['processes'] : [];
}
