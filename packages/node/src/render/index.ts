export { adversarialPanel, type AdversarialPanel, type AdversarialPanelOptions } from '@axplain/core';
export { classMorphGrid, type ClassMorphGridOptions } from './class-morph-grid.js';
