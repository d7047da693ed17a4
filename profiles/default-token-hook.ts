// The default profile whose token comes from a hook, not from its login strategy (see login-hook.ts).
import base from './default.ts';
import { withLoginHook } from './login-hook.ts';

export default withLoginHook(base, 'default-token-hook');
