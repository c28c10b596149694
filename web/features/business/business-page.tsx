import { Briefcase } from 'lucide-react'
import { lazy, Suspense } from 'react'
import { Route, Routes, useLocation } from 'react-router-dom'
import { useAccount } from '../../app/session'
import { useDocumentTitle } from '../../lib/use-document-title'
import { ButtonLink } from '../../ui/button'
import { EmptyState, Spinner } from '../../ui/states'
import { BusinessTabs, type BusinessTab } from './business-tabs'
import { InfluencersTab } from './influencers-tab'
import { PromotionDetail } from './promotion-detail'
import { PromotionsTab } from './promotions-tab'
import './business.css'

const TABS: BusinessTab[] = [
  { id: 'promotions', label: 'Promotions', to: '/business' },
  { id: 'influencers', label: 'Influencers', to: '/business/influencers' },
  { id: 'analytics', label: 'Analytics', to: '/business/analytics' },
]

const PANEL_ID = 'business-panel'

// The charts (uPlot) load with the Analytics tab, not with the app.
const AnalyticsTab = lazy(() =>
  import('./analytics-tab').then((m) => ({ default: m.AnalyticsTab })),
)

/** What a personal account sees at /business: why not, and where to switch. */
function NotBusiness() {
  useDocumentTitle('Business accounts only')
  return (
    <EmptyState
      icon={<Briefcase size={28} aria-hidden="true" />}
      title="The dashboard is for business accounts"
      action={
        <ButtonLink to="/settings/business" variant="primary">
          Switch in Settings
        </ButtonLink>
      }
    >
      Promotions, influencers and analytics are for business accounts. To switch, open Settings →
      Business account: your pins, boards, followers and messages stay as they are.
    </EmptyState>
  )
}

/** `/business/*`: the brand's dashboard — promotions, influencers, analytics. */
export function BusinessPage() {
  const account = useAccount()
  const { pathname } = useLocation()
  const rest = pathname.replace(/^\/business\/?/, '')
  const selected = rest.startsWith('influencers')
    ? 'influencers'
    : rest.startsWith('analytics')
      ? 'analytics'
      : 'promotions'
  if (account.account_type !== 'BUSINESS') return <NotBusiness />

  return (
    <div className="page biz">
      <header className="biz-head">
        <div>
          <h1>Business</h1>
          <p className="muted">{account.business_name || account.username}</p>
        </div>
        <BusinessTabs tabs={TABS} selected={selected} panelId={PANEL_ID} />
      </header>
      <div id={PANEL_ID} role="tabpanel" aria-labelledby={`tab-${selected}`} className="biz-panel">
        <Routes>
          <Route index element={<PromotionsTab />} />
          <Route path="promotions/:promotionId" element={<PromotionDetail />} />
          <Route path="influencers" element={<InfluencersTab />} />
          <Route
            path="analytics"
            element={
              <Suspense fallback={<Spinner label="Loading analytics" />}>
                <AnalyticsTab />
              </Suspense>
            }
          />
          <Route path="*" element={<PromotionsTab />} />
        </Routes>
      </div>
    </div>
  )
}
