// Property tests run with a fixed seed so CI is repeatable; FC_SEED=<n> (or FC_SEED=random) explores other inputs
// locally. A failure prints its seed and path, which reproduce it exactly.
import fc from 'fast-check';

const configured = process.env.FC_SEED;
const seed = configured === 'random' ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(configured ?? 20261126);
fc.configureGlobal({ seed });
