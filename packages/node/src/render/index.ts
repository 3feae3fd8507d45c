export { adversarialPanel, type AdversarialPanel, type AdversarialPanelOptions } from './adversarial-panel.js';
export { classMorphGrid, type ClassMorphGridOptions } from './class-morph-grid.js';
