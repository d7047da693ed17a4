// netra-apex dialect (placeholder until step 3): serves the default dialect.
import type { Dialect } from './dialect.ts';
import { defaultDialect } from './default.ts';

export const netraApexDialect: Dialect = { ...defaultDialect, name: 'netra-apex' };
