import './lib/zod-setup';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { connectStudioClient, provideApi } from './api/client';
import './styles.css';

const pinia = createPinia();
provideApi(pinia, connectStudioClient());
createApp(App).use(pinia).mount('#app');
