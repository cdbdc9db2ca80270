import { DELTA_KEEPS, DELTA_MODULO } from './player-wire';
import type { FieldArray } from './player-block';

const deltaKeeps = DELTA_KEEPS;
const deltaModulo = DELTA_MODULO;
// One loop below for modulo motion fields, one for plain motion and one for step fields.
for (let k = 0; k < deltaModulo.length; k++) {
  if (deltaModulo[k] !== 0 && deltaKeeps[k] !== 1) throw new Error('a modulo field must be a motion field');
}

/**
 * The first half of an encode (SnapshotEncoder): each slot's residuals, field by field in
 * tight loops over the slots that each read one array type, and whether its state group
 * changed. Motion fields' previous deltas are updated on the way; a slot added or removed
 * has its memory cleared by the encoder after this, and a free slot is zero in world and
 * baseline alike.
 */
export class ResidualPass {
  /** Residual of delta field k at slot s, at k * maxPlayers + s. */
  readonly residuals: Int32Array;
  /** Per slot: the OR of its residuals (0: every one as predicted). */
  readonly slotResidual: Int32Array;
  /** Per slot: 1 when a state-group field changed. */
  readonly slotChanged: Uint8Array;

  constructor(private readonly maxPlayers: number) {
    this.residuals = new Int32Array(deltaModulo.length * maxPlayers);
    this.slotResidual = new Int32Array(maxPlayers);
    this.slotChanged = new Uint8Array(maxPlayers);
  }

  run(srcDelta: Int32Array[], baseDelta: Int32Array[], memDelta: Int32Array[], srcState: FieldArray[], baseState: FieldArray[], slotCount: number): void {
    const { residuals, slotResidual, slotChanged } = this;
    const n = this.maxPlayers;
    slotResidual.fill(0, 0, slotCount);
    for (let k = 0; k < srcDelta.length; k++) {
      const src = srcDelta[k];
      const base = baseDelta[k];
      const mem = memDelta[k];
      const modulo = deltaModulo[k];
      const at = k * n;
      if (modulo !== 0) {
        // A modulo field (heading): differences wrapped into [-m/2, m/2).
        const half = modulo >> 1;
        const wrap = modulo - 1;
        for (let s = 0; s < slotCount; s++) {
          const d = ((src[s] - base[s] + half) & wrap) - half;
          const r = ((d - mem[s] + half) & wrap) - half;
          residuals[at + s] = r;
          slotResidual[s] |= r;
          mem[s] = d;
        }
      } else if (deltaKeeps[k] === 1) {
        for (let s = 0; s < slotCount; s++) {
          const d = (src[s] - base[s]) | 0;
          const r = (d - mem[s]) | 0;
          residuals[at + s] = r;
          slotResidual[s] |= r;
          mem[s] = d;
        }
      } else {
        // A step field: predicted unchanged, no memory.
        for (let s = 0; s < slotCount; s++) {
          const r = (src[s] - base[s]) | 0;
          residuals[at + s] = r;
          slotResidual[s] |= r;
        }
      }
    }
    slotChanged.fill(0, 0, slotCount);
    for (let k = 0; k < srcState.length; k++) {
      const src = srcState[k];
      const base = baseState[k];
      for (let s = 0; s < slotCount; s++) if (src[s] !== base[s]) slotChanged[s] = 1;
    }
  }
}
