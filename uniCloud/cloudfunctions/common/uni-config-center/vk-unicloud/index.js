// Demo vk-unicloud configuration (throwaway keys, generated for this project; never real credentials).
// Only the parts vk-alipay-openapi reads are shown; a real vk-unicloud/index.js has many more keys.
module.exports = {
  vk: {
    oauth: {
      alipay: {
        list: [
          {
            appid: "2021000000000002",
            // PKCS#1 PEM, the non-Java output of Alipay's key tool
            privateKey: "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEApNk/sCD/vrTOQ+dBYOysh01KjaGufc4ahraeTo/GJFlCB0zj\nQ5VDoePuArqj3iw3Z6CrrOMnl/ahTgx7HvgMN/QajaLppNtdws/1yQJ7uvsfKzLh\numUOYuqYcYXpZlO0/SNPikfIvdI1YXhlfMl0KTgHmtQ2zVPaRhIUS48oVwTV+3Sq\nmh7HYzkv+PkCckH94SVMFapSqt2UBfk/TEgFkoQYpaPxVlkNymO50ipZdymDwY2F\nYWllLnotoBln5cOXbN/fbY86QB4z77M/7h25TKiXqxlbxv9HNr3xngMYY94xY5eH\nF+Sj0XQ2Ks0QliUHUPpn3t13vsoUIern7sTboQIDAQABAoIBAA5QSM3nx50NAP33\nZf9e/YoQBYGvwMFutHHvCGbk5/z+/RM6M1+KZeF4M5HsF89yQmtOkamE3cq9oPrw\nbX5eZl0zZlzXAPeODqGcQgiunQS6ylWLaPswzCN9oDf3OzFl4ki6mKz2l7EXwAfT\nFujTazErCsoAVDPW7JR5/GYlK4kGoDPHqyphRihBcR+/EQmRdXU6YznexnfSVayQ\nsHICNcRgGphcAucDBojWsVDkDEzUNLwl6mMGIlPkkkFuwrryHQgfcNeisJi/tIm1\njW7jSrS+VEBYsi9FRnf9M2eSy1fLpEbASqdjKT5K5jOyKRDxsE7Q8PjoVsEzryD8\nzfP4AuECgYEA3KTJ9SfeCNzRiIw6QlvG0c8SPzlD+5Jrd4QjKWw1GP4OeZaj+O1w\nWeeewl4etUzGY3IY9rEInXSgVWfDOnE8As/zaGll9jwF23RGqYoXvcOna9KAEcTj\nPLuq3yA/9oNYhV0azyUIMbCMYoEsLhSlq9kMDYJBGTzKsibGGVrW39kCgYEAv0Ok\nnY5OIFNzzlSOTw0fu/+6AAFm16Ro9OaAXJvdwmDGX/FwPyx4y3cay5wF1E620ndr\nciW0MXeiXl80c8iSpf1sL3Am03Ap1TDPCSIm4vKzV/K9HrtkMJK1KoZNBaS8GnOO\nRJIf1LKc5pkUT3ATcatioc7uk3p8ytavQgZ9xQkCgYEAhnZ6iUehfV8s5n0mp/gM\nQyJhaVw5vN9vVKeXUhAaj7+MDLcr+HCizndj/emj5zMBl+sZoYUjzekcKNASXtRR\nERmvqcrJk3Ti0OmcgoegjknlBsWCvNFy9jkcGdwqfs1urd+ejexwgO+prgIwbWix\nyfd86+KcT4gHsugEQ8FjP4kCgYEAmRCpTO312CjxJM7GlL0MCIg/coGsrCcHV/ag\nA305m7WXDHFMQ0Jz6WEIMKpMf/v+k7C+bDuAWZZEewH2GDMMKYsGaXB3of7Be7vz\n9HtAY5+Xp2q7rzyIkdbW5ZFVUo7jese/s2C92JqYtnMLrgcjiHSAGr5gb+Y2uJ3W\n5CANxwECgYAvPudKp9VLDBMfOckx6Va9E/yQD54TqY+QRP6fHuo/Ds/VT/6ZOXjr\nSKeZIaa69K1GktoibJiNMqB5RG4dIV7LjzZW88Z4FlUXV69FAdodZY9mSMqlBOwm\nnRhTZMfLStodYSuDgB0+0grf0Oud8vStcdddC1cBz8FZtfR2pS45oA==\n-----END RSA PRIVATE KEY-----",
            alipayPublicKey: "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0Uui5S0v85NPSc/wDISb\nnbro++Z3MMXk8GFsdVAVZ0wsGPtHfZzifbTgrfVWXMFObVJhaZ2pq6G2OpLGaMJi\nkeJ43t+B2QXGP7JQMxjx5jTVlKjpiwPaed/aNJHPBapIIkA/sPszfMsh0iMyh37P\nS5H6jkNiItL1gXWHaAaBswrZVl7NRX26OzweOIYrcfZnarv6MWnMUAC0PLqPFnbM\nV91nJoxC9wCbCvMI0CbjGDaoNSKsTolBVsdvHGqfoUJWOOgbKDbAXA1uvKk0eXG+\nygCCqaT6ilYTT88033NcRh6tBdXEdxYSEFsWjSnplydM/UZ5h1rL+sYt98ncVIQ9\n3wIDAQAB\n-----END PUBLIC KEY-----"
          }
        ]
      }
    }
  }
};
