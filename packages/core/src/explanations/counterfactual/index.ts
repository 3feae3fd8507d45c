export { sparsityK, l1qVertex } from './l1q-vertex.js';
export { sparseFrankWolfePath, type SparsePathOptions, type SparsePath, type SparsePathResult } from './sparse-frank-wolfe-path.js';
export { sparseCounterfactual, type CounterfactualTarget, type SparseCounterfactualOptions, type SparseCounterfactualResult } from './sparse-counterfactual.js';
export { conceptProbe, type ConceptProbeOptions, type ConceptProbeResult } from './concept-probe.js';
