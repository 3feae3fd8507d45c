import { defineConfig } from 'tsup';
import base from '../../tsup.config.js';

// core also ships `@axplain/core/testing` (mock models and the adapter conformance suite).
export default defineConfig({ ...(base as object), entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' } });
