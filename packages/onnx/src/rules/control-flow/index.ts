/** Gradient rules of control-flow ops (bodies are differentiated by control-flow/body-vjp.ts). */
import type { GradRule } from '../types.js';
import { ifRule } from './if.js';
import { loopRule } from './loop.js';
import { scanRule } from './scan.js';

export const CONTROL_FLOW_RULES: readonly GradRule[] = [ifRule, loopRule, scanRule];
