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
          },
          {
            appid: "2021000000000003",
            // An app created with public-key certificates (公钥证书模式): PKCS#8 bare base64 key, and the
            // three files downloaded from the open platform, relative to this folder.
            privateKey: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDJbTs8dO30TNrfFsY2DSrbcv3G8/O6u0v8uRwZtuDAj+S4VTLjkPIgAmLlwO/MrPXkyv+LdD/8oUzTy00i9sOSLV7EjlLeHW5BRBuyq7Km6EH5Sh1opL4xKyo+2UdJ3om4T7DJq7oxjUV1RAtqESUhIWphqW7Iqh66zpJ/q0Pym0tdbNd3dDCt3euhweDFzj+D58lJxcKuuUsoeZ5+GyRRVmW0HjJ9O8zCj9l0bW7U31H90JVk/SXl3iUF3dqd1oOG2Mz+JYTpdEPGdnCSNLe/xeLLgPejRFzIij/4XnBjZbyzDmx3RX17eYwCcWjGoBAQ3FHMM23IF88iT/c77UgfAgMBAAECggEAEJeZXhEJuuqLyv2uxSwPgDU4N2fIB3U/PKmo6WtZlzMjNZX7E6jQcReROvjKKBOFS9v28e9ZB//nerjP+VXXZVasbEeHBvnop6KrH2wqUrpmGNlkk8aiTh2OpM+0Ih8dPBwAZZRqSYOoGZFJ2WphIxoED9hrokb1MhErGy4p8jV4Jx/+3jIzpdb0sT1trXbZf6N+bGH1bBNIdCKm3urkvucIK7m+BygUBCPrRVvheo+2w6BK+gmRCSejBgSjnFD7950YdNaphVbyCtQQZA/u+7l6bJtSu2K54eTgnyPnSMWkA0cgPbNZ6bD4BHdqCbbgv7jyuDHkWaJGhhBnZ/D+jQKBgQDwHcenGV+gmMwtXDLT4DVYrDVBarjKsWU4ETO+ebenpWbX4oj74gfIcJBMkewCHp+3dgjqHTicOvOZO1FUmsrTceKyXlCFklknwrm0cWLPZtPt5NAwXWLVKtbZvQLW16iie3gjPo2M+9MJDlUc/lTDOu0RwThXn29/USM7OBt6bQKBgQDWwEQ85rIZ9KcFjyxrYzB7vmYcCvGp6POYlW4uqS+yK/VJ1D4W9TPRqi4M6Dx7ms53ZjopQtuOlsEXjlc9iBpyJV2qz0tdqOJgVazKib8ORsLcZ4VBA/HUaG9lwb8djnH5hkZhpsDrlq3ByfT137lRT+onu6ojMsCJRlSp+o21OwKBgHkgTKr6ncbBzZ3EOM+w9rg4htTtJTL6sfjKlLOtavvi8DJPUJLfvtVaEzDNG6UmFaPSo0SWYQxOoLvXtHtdapung5g/A5ed7+Oi01M3L4U4dgg3uN3s/gJSjfdg5aHDQIpWhpAg6f8IubiDxmPN2KxzeUvPkMCC6Rfssj0ZXKMxAoGBANR68AmCCP59fzSU8NJgFfyZ6tYcTfhbsYprb9VjOPoFXHFsOvLkMh1lUKMctZtnFJo2350rtaljqDHyeIc9P01pg0AaUuucyj+fBZRwrkUl5m/FTaeCi6gqnO4FwV8xLbxCCylboM55C/sOI/2TGv1FIN2nZTPmZ3Jr0CFO8x85AoGAHaJ9wmomPfm+y9xgOf3hXRnd8bQxPf+YnSpl4eaaK0G0g2uSjVHFR+yyI9UVYBrursx2WdNtbohC5tb3fJnLQ97H0TKPaOdX/B3rcX+BpKJE1JABRRy2gwyNY+R7alu5Ycit4TpDhKoT4NVfiHI6cQXaeX8/tbzL5lSDduJyCNc=",
            appCertPath: "certs/appCertPublicKey_2021000000000003.crt",
            alipayPublicCertPath: "certs/alipayCertPublicKey_RSA2.crt",
            alipayRootCertPath: "certs/alipayRootCert.crt"
          }
        ]
      }
    }
  }
};
