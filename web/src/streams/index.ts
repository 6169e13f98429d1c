export { PcmAudioPlayer, parsePcmMimetype, pcmToChannels, type PcmFormat } from './audio';
export { decodeBase64, encodeBase64 } from './base64';
export {
    type AckSender, collectBytes, type CollectOptions, InputStream, type InputStreamEvents, maxBlobBytes, OutputStream,
    type OutputStreamEvents, type OutputStreamSink, readBlob, readText,
} from './streams';
