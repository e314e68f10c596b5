// With @types/node a real Buffer is accepted where the typings take a Buffer (their stand-in is structural).
import { createClient, type CertInput } from '../../../uni_modules/vk-alipay-openapi/uniCloud/cloudfunctions/common/vk-alipay-openapi-common';

const cert: CertInput = Buffer.from('-----BEGIN CERTIFICATE-----');
export const client = createClient({ appid: '2021000000000000', privateKey: Buffer.from('key'), appCertContent: cert });
