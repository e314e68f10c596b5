// 本文件用于“运行-本地云对象”/“调试运行-本地云对象”时模拟客户端与参数，详见 https://uniapp.dcloud.net.cn/uniCloud/rundebug.html#run-obj-param
// HBuilderX 只执行第一条未注释的调用；要调试其它方法，注释掉当前调用并取消注释另一条。每个方法都有一条示例。
// clientInfo 模拟一个未登录的支付宝小程序客户端（source: 'client'），按访问级别只能调用 public 方法。
const clientInfo = {
  uniPlatform: 'mp-alipay',
  appId: '__UNI__DEMO0001', // 改成你的 DCloud appId（manifest.json）
  source: 'client',
  clientIP: '127.0.0.1',
  userAgent: 'HBuilderX',
  // 以已登录用户身份调用 user 级别（getPhoneNumber）或 admin 级别的方法：取消下一行注释，填入真实的 uni-id token，
  // 即客户端登录后 uni.getStorageSync('uni_id_token') 的值；admin 级别的方法要求该用户的角色含 admin。
  // uniIdToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.粘贴登录后得到的token',
}
getMiniCode({ page: 'pages/index/index', scene: 'a=1&b=2' })
// code2Session({ code: '用真机 my.getAuthCode 得到的 authCode' })
// msgSecCheck({ content: '你好' })
// imgSecCheck({ img: 'https://example.com/a.png' })
// 以下方法默认需要 uniIdToken（见上）：getPhoneNumber、textRiskDetect 为 user，其余为 admin。
// textRiskDetect({ content: '待检测的文本' })
// touser：匹配 /^2088\d+$/ 的支付宝 user_id 以 to_user_id 发送，其他值（openid 模式应用的 openid）以 to_open_id 发送。
// sendSubscribeMessage({ touser: '2088102150477652', template_id: 'da4ce1b528614c7fae371bcad1914ebe', page: 'pages/index/index', data: { keyword1: { value: '11' }, keyword2: { value: '22' }, keyword3: { value: '33' } } })
// request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'pages/index/index', query_param: 'a=1', describe: '推广' } } })
// curl({ method: 'POST', path: '/v3/alipay/open/app/qrcode/create', body: { url_param: 'pages/index/index', query_param: 'a=1', describe: '推广' } })
// refreshToken({ refresh_token: 'code2Session 传 needKey: true 时返回的 refreshToken' })
// getUserInfo({ accessToken: 'code2Session 传 needKey: true 时返回的 accessToken' })
// getPhoneNumber({ response: '{"response":"my.getPhoneNumber 返回的密文","sign":"支付宝的签名","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}' })
