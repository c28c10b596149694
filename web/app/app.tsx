import type { ComponentType } from 'react'
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router-dom'
import { ToastProvider } from '../ui/toast'
import { HomePage } from '../features/feed/home-page'
import { OnboardingGate } from '../features/onboarding/onboarding-gate'
import { BootFrame } from './boot-frame'
import { RequireAuth } from './require-auth'
import { SessionProvider } from './session'
import { Shell } from './shell'

function Root() {
  return (
    <ToastProvider>
      <Outlet />
    </ToastProvider>
  )
}

/**
 * A route's page in a chunk of its own, fetched the first time the route is shown (on the
 * first load, while the session is being asked for): a page's code is only sent to whoever
 * opens it.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return async () => ({ Component: (await load())[name] })
}

const messagesPage = page(() => import('../features/messages/messages-page'), 'MessagesPage')
const boardPage = page(() => import('../features/boards/board-page'), 'BoardPage')

export const router = createBrowserRouter([
  {
    element: <Root />,
    // shown while the first page's chunk arrives
    hydrateFallbackElement: <BootFrame />,
    children: [
      { path: '/login', lazy: page(() => import('../features/auth/login-page'), 'LoginPage') },
      { path: '/signup', lazy: page(() => import('../features/auth/signup-page'), 'SignupPage') },
      // Account recovery: the links of its emails carry their token in the fragment.
      {
        path: '/forgot-password',
        lazy: page(() => import('../features/auth/forgot-password-page'), 'ForgotPasswordPage'),
      },
      {
        path: '/reset-password',
        lazy: page(() => import('../features/auth/reset-password-page'), 'ResetPasswordPage'),
      },
      {
        path: '/confirm-email',
        lazy: page(() => import('../features/auth/confirm-email-page'), 'ConfirmEmailPage'),
      },
      // An invite's link: for people who have no account yet (signed-in members may accept it).
      {
        path: '/invite/:token',
        lazy: page(() => import('../features/invites/invite-page'), 'InvitePage'),
      },
      // The foot of a notification email: works without logging in.
      {
        path: '/unsubscribe/:token',
        lazy: page(() => import('../features/notifications/unsubscribe-page'), 'UnsubscribePage'),
      },
      // First sign-in (topics, people and boards to follow): full screen, signed in only.
      {
        element: <RequireAuth />,
        children: [
          {
            path: '/onboarding',
            lazy: async () => ({
              Component: (await import('../features/onboarding/onboarding-page')).OnboardingPage,
            }),
          },
        ],
      },
      {
        element: <Shell />,
        children: [
          {
            element: <RequireAuth />,
            children: [
              // a new account is led to first sign-in before its home feed
              {
                element: <OnboardingGate />,
                children: [
                  // in the main chunk: the page most visits open with, no extra round trip
                  { index: true, Component: HomePage },
                ],
              },
              {
                path: 'search',
                lazy: page(() => import('../features/search/search-page'), 'SearchPage'),
              },
              {
                path: 'pin-builder',
                lazy: page(() => import('../features/pins/pin-builder-page'), 'PinBuilderPage'),
              },
              {
                path: 'settings/*',
                lazy: page(() => import('../features/settings/settings-page'), 'SettingsPage'),
              },
              { path: 'messages', lazy: messagesPage },
              { path: 'messages/:conversationId', lazy: messagesPage },
              {
                path: 'business/*',
                lazy: page(() => import('../features/business/business-page'), 'BusinessPage'),
              },
              {
                path: 'notices',
                lazy: page(() => import('../features/moderation/notices-page'), 'NoticesPage'),
              },
              {
                path: 'admin/reports',
                lazy: page(() => import('../features/moderation/reports-page'), 'ReportsPage'),
              },
              {
                path: 'admin/audit',
                lazy: page(() => import('../features/moderation/audit-page'), 'AuditPage'),
              },
              {
                path: 'admin/settings',
                lazy: page(() => import('../features/admin/settings-page'), 'AdminSettingsPage'),
              },
            ],
          },
          // Pins, boards and profiles are public: a shared link works for anyone.
          { path: 'pin/:pinId', lazy: page(() => import('../features/pins/pin-page'), 'PinPage') },
          { path: 'board/:boardId', lazy: boardPage },
          { path: 'board/:boardId/section/:sectionId', lazy: boardPage },
          {
            path: 'u/:username',
            lazy: page(() => import('../features/profile/profile-page'), 'ProfilePage'),
            children: [
              {
                index: true,
                lazy: page(() => import('../features/profile/profile-page'), 'ProfilePins'),
              },
              {
                path: 'boards',
                lazy: page(() => import('../features/profile/profile-page'), 'ProfileBoards'),
              },
            ],
          },
          { path: ':username/:boardId', lazy: boardPage },
          { path: '*', lazy: page(() => import('./not-found-page'), 'NotFoundPage') },
        ],
      },
    ],
  },
])

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  )
}
