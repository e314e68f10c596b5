// 本文件用于“运行-本地云对象”/“调试运行-本地云对象”时模拟客户端与参数，详见 https://uniapp.dcloud.net.cn/uniCloud/rundebug.html#run-obj-param
// HBuilderX 只执行第一条未注释的调用；要调试其它方法，注释掉当前调用并取消注释另一条。示例使用 uniCloud/ 中的演示配置。
const clientInfo = { uniPlatform: 'mp-alipay', appId: '__UNI__DEMO0001', source: 'client', clientIP: '127.0.0.1', userAgent: 'HBuilderX' }
getMiniCode({ page: 'pages/index/index', scene: 'a=1&b=2' })
// code2Session({ code: '用真机 my.getAuthCode 得到的 authCode' })
// msgSecCheck({ content: '你好' })
// imgSecCheck({ img: 'https://example.com/a.png' })
// sendSubscribeMessage({ touser: '2088102150477652', template_id: 'da4ce1b528614c7fae371bcad1914ebe', page: 'pages/index/index', data: { keyword1: { value: '11' }, keyword2: { value: '22' }, keyword3: { value: '33' } } })
// request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'pages/index/index', query_param: 'a=1', describe: '推广' } } })
