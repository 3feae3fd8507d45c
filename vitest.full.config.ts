/** `pnpm test:full`: the long runs in test/full/ (whole-model WebGPU checks, full recomputations), same setup as the default suite. */
import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({ ...base, test: { ...base.test, include: ['test/full/**/*.test.ts'], exclude: configDefaults.exclude } });
