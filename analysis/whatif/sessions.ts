/** Session controls of every applying enabled policy, merged: the most restrictive wins. */
import type { SessionControlsModel } from '../model/types';
import type { MergedSessionControls, PolicyResult } from './result';

const hoursOf = (f: NonNullable<SessionControlsModel['signInFrequency']>) => (f.type === 'days' ? (f.value ?? 0) * 24 : (f.value ?? 0));

export function mergeSessions(applying: readonly PolicyResult[], undecided: readonly PolicyResult[]): MergedSessionControls {
  const notes: string[] = [];
  let sif: MergedSessionControls['signInFrequency'];
  const sifs = applying.filter((p) => p.session?.signInFrequency);
  if (sifs.length) {
    const every = sifs.filter((p) => p.session!.signInFrequency!.frequencyInterval === 'everyTime');
    if (every.length) {
      sif = { everyTime: true, from: every.map((p) => p.id) };
    } else {
      const min = Math.min(...sifs.map((p) => hoursOf(p.session!.signInFrequency!)));
      const from = sifs.filter((p) => hoursOf(p.session!.signInFrequency!) === min).map((p) => p.id);
      sif = { everyTime: false, hours: min, text: min % 24 === 0 && min >= 24 ? `${min / 24} days` : `${min} hours`, from };
    }
    if (sifs.length > 1) {
      const each = sifs.map((p) => {
        const f = p.session!.signInFrequency!;
        return `${p.id} ${f.frequencyInterval === 'everyTime' ? 'every time' : `${f.value} ${f.type}`}`;
      });
      notes.push(`sign-in frequency: the most restrictive wins (${each.join(', ')}): ${sif.everyTime ? 'every time' : sif.text}`);
    }
  }
  let persistentBrowser: MergedSessionControls['persistentBrowser'];
  const pbs = applying.filter((p) => p.session?.persistentBrowser);
  if (pbs.length) {
    const never = pbs.filter((p) => p.session!.persistentBrowser!.mode === 'never');
    persistentBrowser = never.length ? { mode: 'never', from: never.map((p) => p.id) } : { mode: 'always', from: pbs.map((p) => p.id) };
    if (pbs.length > 1) notes.push(`persistent browser: the most restrictive wins (never beats always): ${persistentBrowser.mode} (${pbs.map((p) => `${p.id} ${p.session!.persistentBrowser!.mode}`).join(', ')})`);
  }
  const aer = applying.filter((p) => p.session?.applicationEnforcedRestrictions?.isEnabled);
  const mcas = applying.filter((p) => p.session?.cloudAppSecurity);
  const drd = applying.filter((p) => p.session?.disableResilienceDefaults);
  if (mcas.length > 1) notes.push(`app control: every type asked for is applied (${mcas.map((p) => `${p.id} ${p.session!.cloudAppSecurity!.cloudAppSecurityType}`).join(', ')})`);
  return {
    ...(sif ? { signInFrequency: sif } : {}),
    ...(persistentBrowser ? { persistentBrowser } : {}),
    ...(aer.length ? { applicationEnforcedRestrictions: { from: aer.map((p) => p.id) } } : {}),
    ...(mcas.length ? { cloudAppSecurity: { types: [...new Set(mcas.map((p) => p.session!.cloudAppSecurity!.cloudAppSecurityType))], from: mcas.map((p) => p.id) } } : {}),
    ...(drd.length ? { disableResilienceDefaults: { from: drd.map((p) => p.id) } } : {}),
    notes,
    mayAlsoApply: undecided.filter((p) => p.session).map((p) => p.id),
  };
}
