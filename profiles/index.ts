// The built-in profiles, by name.
import type { Profile } from './define.ts';
import defaultProfile from './default.ts';
import lumen from './lumen.ts';
import netraApex from './netra-apex.ts';

export const BUILT_IN_PROFILES: Readonly<Record<string, Profile>> = {
  default: defaultProfile,
  'netra-apex': netraApex,
  lumen,
};
