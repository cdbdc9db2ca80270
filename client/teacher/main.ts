import '../styles.css';
import './teacher.css';
import { TeacherConsole } from './teacher-console';
import { applyFontStack } from '../ui/web-font';

applyFontStack(document);
const root = document.getElementById('teacher');
if (root === null) throw new Error('teacher.html lacks #teacher');
void new TeacherConsole(window, root).boot();
