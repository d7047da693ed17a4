// The lumen profile whose token comes from a hook, not from its login strategy (see login-hook.ts).
import base from './lumen.ts';
import { withLoginHook } from './login-hook.ts';

export default withLoginHook(base, 'lumen-token-hook');
