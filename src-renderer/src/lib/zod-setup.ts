import { z } from 'zod';

// The page's CSP forbids eval; zod's JIT probes `new Function` and the probe alone raises a CSP
// violation report. Must be imported before anything parses.
z.config({ jitless: true });
