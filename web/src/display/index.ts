export { applyTransfer, compositeOperation } from './composite';
export { Display, type DisplayEvents, maxStackDepth } from './display';
export { Layer, maxLayerDimension } from './layer';
