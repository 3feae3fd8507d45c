import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { AxplainError, CompileOptionError, ModelFormatError, UnsupportedOpError } from './errors.js';
import { ModelBuilder } from './model-builder.js';
import { decodeModel, DT, encodeModel, onnx } from './proto.js';

function mlp(opset = 13) {
  const b = new ModelBuilder({ opset });
  const x = b.input('x', ['N', 4]);
  const w = b.initializer('w', [4, 3], Array.from({ length: 12 }, (_, i) => i / 10 - 0.5));
  const h = b.node('Relu', [b.node('MatMul', [x, w])]);
  b.output(h);
  b.output(b.node('Add', [h, h]));
  return b.build();
}

describe('compile contract', () => {
  it('keeps every input and output and adds the cotangent input and the gradient output', () => {
    const m = mlp();
    const res = compile(m);
    const g = res.model.graph!;
    expect(g.input!.map((i) => i.name)).toEqual(['x', 'relu_1_cotangent']);
    expect(g.output!.map((o) => o.name)).toEqual(['relu_1', 'add_2', 'x_grad']);
    expect(res).toMatchObject({ wrt: ['x'], of: 'relu_1', cotangentInput: 'relu_1_cotangent', gradOutputs: ['x_grad'] });
    // The symbolic batch dim is kept on the new input and output.
    expect(g.input![1]!.type!.tensorType!.shape!.dim![0]!.dimParam).toBe('N');
    expect(g.output![2]!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 4]);
    // The original nodes come first, untouched; emitted ops are in the default domain.
    expect(g.node!.slice(0, 3).map((n) => n.opType)).toEqual(['MatMul', 'Relu', 'Add']);
    expect(g.node!.slice(3).every((n) => !n.domain)).toBe(true);
    // Round-trips through protobuf.
    expect(decodeModel(encodeModel(res.model)).graph!.node!.length).toBe(g.node!.length);
  });

  it('does not mutate its input model', () => {
    const m = mlp();
    const before = encodeModel(m);
    compile(m, { of: 'add_2', wrt: ['x', 'w'] });
    expect(encodeModel(m)).toEqual(before);
  });

  it('differentiates another output, initializers and intermediates on request', () => {
    const res = compile(mlp(), { of: 'add_2', wrt: ['w', 'matmul_0'] });
    expect(res.cotangentInput).toBe('add_2_cotangent');
    expect(res.gradOutputs).toEqual(['w_grad', 'matmul_0_grad']);
  });

  it('gives zeros for a wrt tensor the output does not depend on', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [2]);
    const y = b.input('y', [2]);
    b.output(b.node('Relu', [x]));
    b.output(b.node('Relu', [y]));
    const res = compile(b.build(), { wrt: ['y'] });
    const tail = res.model.graph!.node!.slice(2).map((n) => n.opType);
    expect(tail).toEqual(['Expand', 'Identity']);
  });

  it('leaves ConstantOfShape weights and shape arithmetic alone', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', ['N', 3]);
    const w = b.node('ConstantOfShape', [b.initializer('ws', [2], [3, 2], DT.INT64)], { value: { name: 'v', dataType: 1, dims: [1], floatData: [0.5] } });
    // PyTorch-style dynamic reshape: Shape -> Gather -> Concat([N, -1]) -> Reshape.
    const batch = b.node('Gather', [b.node('Shape', [x]), b.initializer('zero', [1], [0], DT.INT64)], { axis: 0 });
    const target = b.node('Concat', [batch, b.initializer('minus1', [1], [-1], DT.INT64)], { axis: 0 });
    b.output(b.node('Reshape', [b.node('MatMul', [x, w]), target]));
    const res = compile(b.build());
    const emitted = res.model.graph!.node!.slice(res.forwardNodes).map((n) => n.opType);
    expect(emitted).not.toContain('ConstantOfShape');
    expect(emitted).not.toContain('Gather');
    expect(emitted).toContain('MatMul');
  });
});

describe('compile errors', () => {
  it('names an op without a rule, its node, position and opset, and lists the supported ops', () => {
    const m = mlp();
    m.graph!.node![1]!.opType = 'Hardmax';
    let err: unknown;
    try { compile(m); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(UnsupportedOpError);
    expect(AxplainError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ opType: 'Hardmax', nodeName: 'Relu_1', nodeIndex: 1, opset: 13, code: 'UNSUPPORTED_OP' });
    expect((err as Error).message).toMatch(/^node #1 'Relu_1' \(Hardmax, opset 13\): op type 'Hardmax' has no gradient rule\. Supported ops: .*MatMul/);
  });

  it('ignores unsupported ops off the differentiable path', () => {
    const m = mlp();
    m.graph!.node![2]!.opType = 'Hardmax'; // the Add feeding only the second output
    expect(() => compile(m)).not.toThrow();
  });

  it('rejects ops of other domains on the path', () => {
    const m = mlp();
    m.graph!.node![1]!.domain = 'com.microsoft';
    expect(() => compile(m)).toThrow(/op domain 'com.microsoft' is not supported/);
  });

  it('rejects unknown or non-float tensors in wrt and of', () => {
    expect(() => compile(mlp(), { wrt: ['nope'] })).toThrow(CompileOptionError);
    expect(() => compile(mlp(), { of: 'nope' })).toThrow(/option 'of': no tensor named 'nope'/);
    const b = new ModelBuilder({ opset: 13 });
    const i = b.input('i', [2], DT.INT64);
    b.output(b.node('Cast', [i], { to: DT.FLOAT }));
    expect(() => compile(b.build())).toThrow(/option 'wrt': tensor 'i' has element type 7; only floating-point/);
  });

  it('rejects opsets below 7, corrupt bytes and external data with clear messages', () => {
    const m = mlp();
    m.opsetImport = [{ domain: '', version: 6 }];
    expect(() => compile(m)).toThrow(/opset 6; axplain needs opset >= 7/);
    expect(() => compile(new Uint8Array([0xff, 0xff, 0xff, 0x01]))).toThrow(ModelFormatError);
    const ext = mlp();
    ext.graph!.initializer![0]!.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    ext.graph!.initializer![0]!.externalData = [{ key: 'location', value: 'w.bin' }];
    expect(() => compile(encodeModel(ext))).toThrow(/initializer 'w' uses external data, which is not supported yet/);
  });

  it('names a node that calls a model-local function', () => {
    const m = mlp();
    m.opsetImport = [...(m.opsetImport ?? []), { domain: 'custom', version: 1 }];
    m.functions = [{ name: 'MyGelu', domain: 'custom', input: ['x'], output: ['y'], node: [{ opType: 'Relu', input: ['x'], output: ['y'] }], opsetImport: [{ domain: '', version: 13 }] }];
    m.graph!.node![1] = { ...m.graph!.node![1]!, opType: 'MyGelu', domain: 'custom', name: 'act' };
    expect(() => compile(m)).toThrow(/node #1 'act' calls the model-local function 'custom:MyGelu'; axplain does not inline ONNX local functions yet/);
  });
});
