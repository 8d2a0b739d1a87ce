import { z } from "zod";

// Server-only: the sign-in form is validated in the action; keeping zod out of the login page's bundle.
export const LoginForm = z.object({
  username: z.string().trim().min(1, "请输入用户名").max(60, "用户名过长"),
  password: z.string().min(1, "请输入密码").max(200, "密码过长"),
  redirectTo: z.string().optional(),
});
