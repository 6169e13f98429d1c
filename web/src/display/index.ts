export { applyTransfer, compositeOperation } from './composite';
export { Display, type DisplayEvents, maxQueuedOperations, maxStackDepth } from './display';
export { Layer, maxLayerDimension } from './layer';
