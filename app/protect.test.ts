/** Destroys are deliberate: every protected object carries prevent_destroy unless a retire: entry names it. */
import { protectedObject } from '../core/addresses';
import { mutateSample, readSample, synthStacks, writeEnvironments } from '../__tests__/helpers/synth';

const guarded = (tf: ReturnType<typeof synthStacks>[string]) =>
  Object.entries(tf!.resource).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, r]) => ({ address: `${type}.${name}`, protected: protectedObject(type, name) !== undefined, guard: (r['lifecycle'] as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true })),
  );

test('every policy, named location, stack group, App Proxy app and break-glass GA assignment of prod is guarded; nothing else is', () => {
  const all = guarded(synthStacks()['prod']);
  expect(all.filter((r) => r.protected && !r.guard)).toEqual([]);
  // The workspace keeps its own guard (telemetry): its logs outlive any change.
  expect(all.filter((r) => !r.protected && r.guard).map((r) => r.address)).toEqual(['azurerm_log_analytics_workspace.identity_telemetry']);
  const kinds = new Set(all.filter((r) => r.protected && r.guard).map((r) => r.address.split('.')[0]));
  expect([...kinds].sort()).toEqual(['azuread_application_from_template', 'azuread_conditional_access_policy', 'azuread_directory_role_assignment', 'azuread_group', 'azuread_named_location', 'msgraph_resource']);
  expect(all.filter((r) => r.guard && r.address.startsWith('azuread_conditional_access_policy.'))).toHaveLength(22);
  // The one msgraph_resource guarded is the authentication context policy; the access reviews are not protected objects.
  expect(all.filter((r) => r.guard && r.address.startsWith('msgraph_resource.')).map((r) => r.address)).toEqual(['msgraph_resource.AC001']);
});

test('a retire entry lifts the guard of that object only', () => {
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (e) => (e.retire = [{ target: 'corp-egress', reason: 'Replaced by a country location next week' }])),
  });
  const all = guarded(synthStacks(dir)['prod']);
  expect(all.filter((r) => r.protected && !r.guard).map((r) => r.address)).toEqual(['azuread_named_location.corp-egress']);
});
