// 登录栏与 GraphiQL 的初始化（独立文件：内容安全策略 script-src 'self' 不允许内联脚本）
(function () {
  'use strict';

  // 令牌来自本页登录（sessionStorage，关闭标签页即失效）或门户存入的 localStorage "junxiu.token"，
  // 用于预填 Authorization 请求头。
  var KEY = 'junxiu.token';
  function stored() {
    try {
      return window.sessionStorage.getItem(KEY) || window.localStorage.getItem(KEY) || '';
    } catch (e) {
      return ''; // 隐私模式等情况下存储不可用
    }
  }
  function forget() {
    try { window.sessionStorage.removeItem(KEY); window.localStorage.removeItem(KEY); } catch (e) { /* 忽略 */ }
  }
  function post(query, variables, bearer) {
    var headers = { 'Content-Type': 'application/json' };
    if (bearer) { headers.Authorization = 'Bearer ' + bearer; }
    return fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify({ query: query, variables: variables }) })
      .then(function (response) { return response.json(); });
  }
  var token = stored().trim();
  document.getElementById('login-state').textContent = token ? '已登录' : '未登录';
  document.getElementById('login-bar').addEventListener('submit', function (event) {
    event.preventDefault();
    var message = document.getElementById('login-message');
    post('mutation ($input: LoginInput!) { login(input: $input) { token userErrors { message } } }', {
      input: { username: document.getElementById('login-username').value,
               password: document.getElementById('login-password').value }
    }).then(function (body) {
      var result = body.data && body.data.login;
      if (result && result.token) {
        window.sessionStorage.setItem(KEY, result.token);
        window.location.reload();
      } else {
        message.textContent = result && result.userErrors.length ? result.userErrors[0].message : '登录失败';
      }
    }, function () { message.textContent = '无法连接服务器'; });
  });
  document.getElementById('logout-button').addEventListener('click', function () {
    var done = function () { forget(); window.location.reload(); };
    if (token) { post('mutation { logout { userErrors { message } } }', {}, token).then(done, done); } else { done(); }
  });

  var headers = token
    ? JSON.stringify({ Authorization: 'Bearer ' + token }, null, 2)
    : '';

  var defaultQuery = [
    '# 欢迎使用军休服务管理平台 GraphQL IDE。',
    '#',
    '# 身份认证：除健康检查和登录外，接口都需要访问令牌。',
    '# 用页面顶部的登录栏登录即可；使用 API 令牌时，',
    '# 请点击下方的“Headers”标签，填入如下 JSON',
    '# （把 <令牌> 换成您的访问令牌）：',
    '#',
    '#   {"Authorization": "Bearer <令牌>"}',
    '#',
    '# 若浏览器 localStorage 中存有键 junxiu.token，',
    '# 本页会自动预填上述请求头。',
    '#',
    '# 快捷键：Ctrl+Enter 执行，Shift+Ctrl+P 美化，',
    '# Ctrl+Space 自动补全。左侧边栏的“文档”图标',
    '# 可浏览完整的 GraphQL 架构及字段说明。',
    '',
    '{',
    '  agencies(first: 5) {',
    '    totalCount',
    '    edges {',
    '      node {',
    '        id',
    '        name',
    '        kind',
    '      }',
    '    }',
    '  }',
    '}',
    ''
  ].join('\n');

  // POST JSON 到同源的 /graphql；Headers 编辑器中的请求头会随每个请求发送。
  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      headers: headers || undefined,
      // 令牌不持久化到 GraphiQL 自己的存储中，避免泄露到共享电脑上。
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true
    })
  );
})();
