export { type BrowserImageSource, BrowserImageError, imageToRgba, decodeImage, imageTensor, toImageData, drawImage } from './browser-image.js';
