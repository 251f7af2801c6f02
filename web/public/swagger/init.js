// Same origin as the API: locally the runner serves both, in production CloudFront routes /api/*.
window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });
