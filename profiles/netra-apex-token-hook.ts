// The netra-apex profile whose token comes from a hook, not from its login strategy (see login-hook.ts).
import base from './netra-apex.ts';
import { withLoginHook } from './login-hook.ts';

export default withLoginHook(base, 'netra-apex-token-hook');
